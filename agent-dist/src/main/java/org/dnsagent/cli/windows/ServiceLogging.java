// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The service's logging: the SCM throws away standard error, so the root logger's console appender
 * is replaced by a logback {@link RollingFileAppender}: {@code DIR\dns-agent.log}, rolled daily and
 * at {@link #MAX_FILE_SIZE} into {@code dns-agent.YYYY-MM-DD.N.log.gz}, kept {@link #MAX_HISTORY}
 * days and at most {@link #TOTAL_SIZE_CAP} in all. Only {@code service run} calls this: every other
 * command (and the agent on Linux) logs to standard error as before.
 */
public final class ServiceLogging implements AutoCloseable {
  public static final String MAX_FILE_SIZE = "10MB";
  public static final int MAX_HISTORY = 14;
  public static final String TOTAL_SIZE_CAP = "500MB";
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";

  private final Logger root;
  private final RollingFileAppender<ILoggingEvent> file;
  private final List<Appender<ILoggingEvent>> detached;

  private ServiceLogging(
      Logger root,
      RollingFileAppender<ILoggingEvent> file,
      List<Appender<ILoggingEvent>> detached) {
    this.root = root;
    this.file = file;
    this.detached = detached;
  }

  /**
   * Sends the root logger's output to rolling files in {@code dir} (created if missing) instead of
   * its console appenders; {@link #close} puts those back.
   */
  public static ServiceLogging toFiles(String dir, String baseName) {
    if (dir.contains("%")) {
      throw new IllegalArgumentException(
          "log directory '" + dir + "': expand %VARIABLES% first ('%' is logback's pattern sign)");
    }
    // logback takes '/' on Windows too, and reads '\' in a file name pattern as an escape.
    String d = dir.replace('\\', '/');
    while (d.endsWith("/") && d.length() > 1) {
      d = d.substring(0, d.length() - 1);
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();

    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(context);
    file.setName("SERVICE-FILE");
    file.setFile(d + "/" + baseName + ".log");
    file.setEncoder(encoder);

    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(file);
    policy.setFileNamePattern(d + "/" + baseName + ".%d{yyyy-MM-dd}.%i.log.gz");
    policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
    policy.setMaxHistory(MAX_HISTORY);
    policy.setTotalSizeCap(FileSize.valueOf(TOTAL_SIZE_CAP));
    policy.start();
    file.setRollingPolicy(policy);
    file.start();
    if (!file.isStarted()) {
      policy.stop();
      throw new IllegalStateException("cannot write the log file " + d + "/" + baseName + ".log");
    }

    List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      detached.add(it.next());
    }
    root.addAppender(file);
    detached.forEach(root::detachAppender);
    return new ServiceLogging(root, file, detached);
  }

  /** The active log file. */
  public String file() {
    return file.getFile();
  }

  /** Flushes and closes the file, and puts the console appenders back. */
  @Override
  public void close() {
    detached.forEach(root::addAppender);
    root.detachAppender(file);
    file.stop();
  }
}
