// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the events reported, in order. */
public final class FakeEventLog implements EventLog {
  /** One reported event. */
  public record Event(Type type, int id, String message) {}

  public final List<Event> events = new CopyOnWriteArrayList<>();
  public volatile boolean closed;

  @Override
  public void report(Type type, int eventId, String message) {
    events.add(new Event(type, eventId, message));
  }

  @Override
  public void close() {
    closed = true;
  }

  public List<Integer> ids() {
    return events.stream().map(Event::id).toList();
  }
}
