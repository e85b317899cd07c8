// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A list of addresses and CIDR prefixes a peer must match (allow_notify, a relay's or master's
 * clients).
 */
public final class AddressAcl {
  private final List<Entry> entries;

  private AddressAcl(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses items such as {@code 192.0.2.10}, {@code 192.0.2.0/24}, {@code 2001:db8::/32}.
   *
   * @throws IllegalArgumentException naming the bad item
   */
  public static AddressAcl parse(List<String> items) {
    return new AddressAcl(items.stream().map(AddressAcl::parseEntry).toList());
  }

  public static AddressAcl of(List<InetAddress> addresses) {
    return new AddressAcl(
        addresses.stream().map(a -> new Entry(a.getAddress(), a.getAddress().length * 8)).toList());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public boolean allows(InetAddress address) {
    byte[] candidate = normalize(address.getAddress());
    for (Entry e : entries) {
      if (e.matches(candidate)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  private static Entry parseEntry(String item) {
    String text = item.trim();
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    InetAddress address;
    try {
      if (!host.matches("[0-9a-fA-F:.\\[\\]]+")) {
        throw new IllegalArgumentException("'" + item + "' is not an IP address or prefix");
      }
      address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + item + "' is not an IP address or prefix");
    }
    byte[] bytes = normalize(address.getAddress());
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + item + "' has a bad prefix length");
      }
      int max = address.getAddress().length * 8;
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("'" + item + "' prefix length must be 0-" + max);
      }
      if (bytes.length == 16 && address.getAddress().length == 4) {
        bits += 96;
      }
    }
    return new Entry(bytes, bits);
  }

  /** IPv4-mapped IPv6 addresses compare as IPv4 ones; everything is kept as 16 bytes. */
  private static byte[] normalize(byte[] raw) {
    if (raw.length == 16) {
      return raw;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(raw, 0, mapped, 12, 4);
    return mapped;
  }

  private record Entry(byte[] prefix, int bits) {
    Entry {
      prefix = normalize(prefix);
      if (bits <= 32 && prefix.length == 16 && isMapped(prefix)) {
        bits += 96;
      }
    }

    private static boolean isMapped(byte[] b) {
      for (int i = 0; i < 10; i++) {
        if (b[i] != 0) {
          return false;
        }
      }
      return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    boolean matches(byte[] candidate) {
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (prefix[i] != candidate[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (prefix[full] & mask) == (candidate[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.bits == bits && java.util.Arrays.equals(e.prefix, prefix);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(prefix) * 31 + bits;
    }

    @Override
    public String toString() {
      try {
        byte[] shown = prefix;
        int shownBits = bits;
        if (isMapped(prefix) && bits >= 96) {
          shown = java.util.Arrays.copyOfRange(prefix, 12, 16);
          shownBits = bits - 96;
        }
        String host = InetAddress.getByAddress(shown).getHostAddress();
        return shownBits == shown.length * 8 ? host : host + "/" + shownBits;
      } catch (UnknownHostException e) {
        return "?";
      }
    }
  }
}
