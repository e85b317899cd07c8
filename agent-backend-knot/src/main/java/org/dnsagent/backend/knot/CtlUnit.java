// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One unit of the Knot control protocol: a DATA (or EXTRA) unit carries items such as the command,
 * a zone name or a configuration key; a request is DATA units closed by a BLOCK, and so is the
 * answer. An answer unit with an {@link CtlItem#ERROR} reports a failure.
 */
public record CtlUnit(Map<CtlItem, String> items) {
  public CtlUnit {
    EnumMap<CtlItem, String> copy = new EnumMap<>(CtlItem.class);
    copy.putAll(requireNonNull(items, "items is null"));
    items = Collections.unmodifiableMap(copy);
  }

  public Optional<String> get(CtlItem item) {
    return Optional.ofNullable(items.get(item));
  }

  /** The error text of a failure unit, if this is one. */
  public Optional<String> error() {
    return get(CtlItem.ERROR);
  }

  /** A builder-style copy with one more item. */
  public CtlUnit with(CtlItem item, String value) {
    EnumMap<CtlItem, String> copy = new EnumMap<>(CtlItem.class);
    copy.putAll(items);
    copy.put(item, requireNonNull(value, "value is null"));
    return new CtlUnit(copy);
  }

  public static CtlUnit of() {
    return new CtlUnit(Map.of());
  }

  /** The unit as {@code knotc} would print its key: {@code section[id].item}. */
  public String key() {
    StringBuilder sb = new StringBuilder(get(CtlItem.SECTION).orElse(""));
    get(CtlItem.ID).ifPresent(id -> sb.append('[').append(id).append(']'));
    get(CtlItem.ITEM).ifPresent(item -> sb.append('.').append(item));
    return sb.toString();
  }

  @Override
  public String toString() {
    return items.toString();
  }
}
