// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import org.xbill.DNS.Record;

/** One pass over a zone's records, streamed so that large zones never sit in memory whole. */
public interface RecordReader extends Closeable {

  /** The next record, or {@code null} at the end. */
  Record next() throws IOException;

  @Override
  void close() throws IOException;

  /** A reader over records already in memory. */
  static RecordReader of(Iterable<Record> records) {
    Iterator<Record> it = records.iterator();
    return new RecordReader() {
      @Override
      public Record next() {
        return it.hasNext() ? it.next() : null;
      }

      @Override
      public void close() {}
    };
  }
}
