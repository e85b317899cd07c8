// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.testing.servers.SshdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshHostAccess} against a real OpenSSH server on loopback (this host as "remote"). */
class SshHostAccessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static SshdServer sshd;
  private static SshHostAccess host;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    sshd = SshdServer.start();
    host = open(sshd.backendOptions());
  }

  @AfterAll
  static void stopServer() {
    if (host != null) {
      host.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  static SshHostAccess open(Map<String, String> options) {
    BackendSettings settings = new BackendSettings("backend:agent:files", options);
    return new SshHostAccess(SshSettings.from(settings).orElseThrow(), settings.section());
  }

  private static Map<String, String> options(String option, String value) {
    Map<String, String> options = new LinkedHashMap<>(sshd.backendOptions());
    options.put(option, value);
    return options;
  }

  @Test
  void hostileArgumentsArriveByteForByte() throws Exception {
    Path marker = dir.resolve("pwned");
    List<String> args =
        List.of(
            "it's",
            "a b  c",
            "$(touch " + marker + ")",
            "`touch " + marker + "`",
            "line1\nline2\n",
            "-n",
            "--",
            "\\",
            "\"quoted\"",
            "*",
            "; touch " + marker,
            "'",
            "''\\''",
            "ünïcödé.example.",
            "",
            "  ",
            "{zone}",
            "a|b&c>d<e");
    List<String> command = new ArrayList<>(List.of("printf", "%s\\0"));
    command.addAll(args);
    CommandResult result = host.commands().run(command, TIMEOUT);
    assertEquals(0, result.exitCode(), result.stderr());
    StringBuilder expected = new StringBuilder();
    for (String a : args) {
      expected.append(a).append('\0');
    }
    assertEquals(expected.toString(), result.stdout());
    assertFalse(Files.exists(marker), "an argument was run by the remote shell");
  }

  @Test
  void exitCodeAndStandardError() throws Exception {
    CommandResult result =
        host.commands().run(List.of("sh", "-c", "echo out; echo oops >&2; exit 3"), TIMEOUT);
    assertEquals(3, result.exitCode());
    assertEquals("out\n", result.stdout());
    assertEquals("oops\n", result.stderr());
  }

  @Test
  void standardInputReachesTheProgram() throws Exception {
    byte[] data = new byte[300_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >> 8));
    }
    CommandResult sum = host.commands().run(List.of("sha256sum"), data, TIMEOUT);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    assertEquals(expected + "  -\n", sum.stdout());
    CommandResult empty = host.commands().run(List.of("cat"), TIMEOUT);
    assertEquals("", empty.stdout(), "no stdin means end of file at once, not a hang");
    CommandResult text =
        host.commands().run(List.of("cat"), "secret\n".getBytes(StandardCharsets.UTF_8), TIMEOUT);
    assertEquals("secret\n", text.stdout());
  }

  @Test
  void timeoutKillsTheRemoteProgram() throws Exception {
    String tag = "3600." + ProcessHandle.current().pid();
    long start = System.nanoTime();
    BackendException e =
        assertThrows(
            BackendException.class,
            () -> host.commands().run(List.of("sleep", tag), Duration.ofSeconds(1)));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(BackendException.Kind.UNAVAILABLE, e.kind());
    assertTrue(e.getMessage().contains("killed"), e.getMessage());
    assertTrue(tookMillis < 15_000, "took " + tookMillis + " ms");
    // The "remote" host is this one: the sleep must be gone, not left running.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (sleeping(tag) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(sleeping(tag), "sleep " + tag + " still runs after its timeout");
    assertEquals(
        "still fine\n",
        host.commands().run(List.of("echo", "still fine"), TIMEOUT).stdout(),
        "the connection survives a killed command");
  }

  private static boolean sleeping(String tag) {
    return ProcessHandle.allProcesses()
        .anyMatch(
            p ->
                p.info().arguments().map(a -> Arrays.asList(a).contains(tag)).orElse(false)
                    && p.info().command().map(c -> c.endsWith("sleep")).orElse(false));
  }

  @Test
  void concurrentChannelsAreBounded() throws Exception {
    Path runs = Files.createDirectory(dir.resolve("runs"));
    String script = "mkdir \"$1/r.$$\" && ls \"$1\" | wc -l && sleep 1 && rmdir \"$1/r.$$\"";
    int tasks = 6;
    try (SshHostAccess bounded = open(options("ssh_max_channels", "2"))) {
      ExecutorService pool = Executors.newFixedThreadPool(tasks);
      try {
        long start = System.nanoTime();
        List<Future<CommandResult>> results = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
          results.add(
              pool.submit(
                  () ->
                      bounded
                          .commands()
                          .run(List.of("sh", "-c", script, "sh", runs.toString()), TIMEOUT)));
        }
        int most = 0;
        for (Future<CommandResult> f : results) {
          CommandResult r = f.get(120, TimeUnit.SECONDS);
          assertEquals(0, r.exitCode(), r.stderr());
          most = Math.max(most, Integer.parseInt(r.stdout().strip()));
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(most <= 2, most + " commands ran at once with ssh_max_channels = 2");
        assertTrue(tookMillis >= 2_900, "6 one-second commands, 2 at a time, took " + tookMillis);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void reconnectsAfterTheServerDroppedTheConnection() throws Exception {
    Path file = dir.resolve("before");
    host.files().write(file, out -> out.write('x'));
    assertEquals("1\n", host.commands().run(List.of("echo", "1"), TIMEOUT).stdout());
    sshd.restart(); // kills the server's connection processes too
    assertEquals("2\n", host.commands().run(List.of("echo", "2"), TIMEOUT).stdout());
    assertTrue(host.files().exists(file), "SFTP works again on the new connection");
    sshd.restart();
    assertTrue(host.files().exists(file), "SFTP first after the drop");
    assertEquals("3\n", host.commands().run(List.of("echo", "3"), TIMEOUT).stdout());
  }

  @Test
  void filesWriteReadListDelete() throws Exception {
    Path sub = dir.resolve("a/b/c");
    Path file = sub.resolve("zone.example.zone");
    assertFalse(host.files().exists(file));
    assertEquals(List.of(), host.files().list(sub), "a missing directory lists empty");
    assertTrue(host.files().read(file).isEmpty());
    host.files().write(file, out -> out.write("first\n".getBytes(StandardCharsets.UTF_8)));
    assertTrue(host.files().exists(file));
    assertEquals("first\n", Files.readString(file));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    // Over an existing file: only posix-rename@openssh.com renames onto an existing name.
    host.files().write(file, out -> out.write("second\n".getBytes(StandardCharsets.UTF_8)));
    Optional<InputStream> in = host.files().read(file);
    assertTrue(in.isPresent());
    try (InputStream stream = in.get()) {
      assertEquals("second\n", new String(stream.readAllBytes(), StandardCharsets.UTF_8));
    }
    Files.createDirectory(sub.resolve("not-a-file"));
    assertEquals(List.of("zone.example.zone"), host.files().list(sub));
    assertTrue(host.files().delete(file));
    assertFalse(host.files().delete(file));
    assertFalse(host.files().exists(file));
    Path stamped = dir.resolve("stamped");
    host.files().write(stamped, out -> out.write('s'));
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(stamped, old);
    host.files().touch(stamped);
    assertTrue(
        Files.getLastModifiedTime(stamped).toMillis() > System.currentTimeMillis() - 600_000,
        "touch sets the time to now");
    host.files().createDirectories(dir.resolve("x/y"));
    host.files().createDirectories(dir.resolve("x/y"));
    assertTrue(Files.isDirectory(dir.resolve("x/y")));
    try (var leftovers = Files.list(sub)) {
      assertEquals(List.of("not-a-file"), leftovers.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aReaderNeverSeesHalfAFile() throws Exception {
    Path file = dir.resolve("big.zone");
    int size = 1 << 20;
    byte[] a = new byte[size];
    byte[] b = new byte[size];
    Arrays.fill(a, (byte) 'a');
    Arrays.fill(b, (byte) 'b');
    host.files().write(file, out -> out.write(a));
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> bad = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get() && bad.get() == null) {
                try {
                  byte[] seen = Files.readAllBytes(file);
                  reads.incrementAndGet();
                  if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                    bad.set("read " + seen.length + " bytes, neither version whole");
                  }
                } catch (Exception e) {
                  bad.set(e.toString());
                }
              }
            });
    reader.start();
    try {
      for (int i = 0; i < 20; i++) {
        byte[] next = i % 2 == 0 ? b : a;
        host.files().write(file, out -> out.write(next));
      }
    } finally {
      done.set(true);
      reader.join(30_000);
    }
    assertEquals(null, bad.get());
    assertTrue(reads.get() > 0);
    try (var names = Files.list(dir)) {
      assertEquals(List.of("big.zone"), names.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aWrongHostKeyIsRefused() throws Exception {
    Path otherKey = dir.resolve("other_host_key");
    SshdServer.generateKey(otherKey, "");
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, sshd.knownHostsLine(dir.resolve("other_host_key.pub")));
    try (SshHostAccess wrong = open(options("ssh_known_hosts_file", knownHosts.toString()))) {
      BackendException e =
          assertThrows(
              BackendException.class,
              () -> wrong.commands().run(List.of("echo", "must not run"), TIMEOUT));
      assertEquals(BackendException.Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("host key refused"), e.getMessage());
      assertTrue(e.getMessage().contains(knownHosts.toString()), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
      assertThrows(BackendException.class, () -> wrong.files().exists(knownHosts));
    }
    Files.writeString(knownHosts, "");
    try (SshHostAccess unknown = open(options("ssh_known_hosts_file", knownHosts.toString()))) {
      BackendException e =
          assertThrows(
              BackendException.class, () -> unknown.commands().run(List.of("true"), TIMEOUT));
      assertEquals(BackendException.Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("no key for this host"), e.getMessage());
    }
  }

  @Test
  void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
    Path key = dir.resolve("stranger");
    SshdServer.generateKey(key, "");
    try (SshHostAccess stranger = open(options("ssh_key_file", key.toString()))) {
      BackendException e =
          assertThrows(
              BackendException.class, () -> stranger.commands().run(List.of("true"), TIMEOUT));
      assertEquals(BackendException.Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("login refused"), e.getMessage());
      assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
    }
    Path garbage = Files.writeString(dir.resolve("garbage"), "not a key\n");
    ConfigException bad =
        assertThrows(
            ConfigException.class, () -> open(options("ssh_key_file", garbage.toString())));
    assertTrue(bad.getMessage().contains("ssh_key_file"), bad.getMessage());
  }

  @Test
  void aKeyWithAPassphrase() throws Exception {
    Path key = dir.resolve("locked");
    SshdServer.generateKey(key, "correct horse");
    Files.writeString(
        sshd.directory().resolve("authorized_keys"),
        Files.readString(dir.resolve("locked.pub")),
        java.nio.file.StandardOpenOption.APPEND);
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "correct horse\n");
    Map<String, String> options = options("ssh_key_file", key.toString());
    options.put("ssh_key_passphrase_file", passphrase.toString());
    try (SshHostAccess locked = open(options)) {
      assertEquals("ok\n", locked.commands().run(List.of("echo", "ok"), TIMEOUT).stdout());
    }
    Files.writeString(passphrase, "wrong\n");
    ConfigException wrong = assertThrows(ConfigException.class, () -> open(options));
    assertTrue(wrong.getMessage().contains("passphrase"), wrong.getMessage());
  }

  @Test
  void settingsNameTheOptionAtFault() {
    Map<String, String> noUser = new LinkedHashMap<>(sshd.backendOptions());
    noUser.remove("ssh_user");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> SshSettings.from(new BackendSettings("backend:agent:files", noUser)));
    assertTrue(e.getMessage().contains("ssh_user"), e.getMessage());
    ConfigException orphan =
        assertThrows(
            ConfigException.class,
            () ->
                SshSettings.from(
                    new BackendSettings("backend:agent:files", Map.of("ssh_port", "2222"))));
    assertTrue(orphan.getMessage().contains("ssh_host"), orphan.getMessage());
    assertTrue(
        SshSettings.from(new BackendSettings("backend:agent:files", Map.of())).isEmpty(),
        "no ssh_host: this host");
  }
}
