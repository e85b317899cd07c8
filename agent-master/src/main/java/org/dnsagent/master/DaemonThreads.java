// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so a forgotten master never keeps a JVM alive and dumps are readable. */
final class DaemonThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
