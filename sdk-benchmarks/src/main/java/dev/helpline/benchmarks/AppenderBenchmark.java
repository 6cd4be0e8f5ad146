package dev.helpline.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.helpline.Helpline;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.server.ErrorReporter;
import dev.helpline.server.ErrorReporters;
import dev.helpline.server.logback.HelplineAppender;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one logged error costs with the Helpline appender (fingerprint, count; the first one queues
 * a ticket for a desk that is down) against a plain appender that formats the event and its stack
 * trace to a discarding stream. Each logs the same error, with a throwable and a varying order
 * number, through its own Logback context.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AppenderBenchmark {
  @Param({"helpline", "plain"})
  public String appender;

  private LoggerContext context;
  private Logger logger;
  private Helpline helpline;
  private SupportApiConnector connector;
  private ErrorReporter reporter;
  private Path data;
  private int order;
  private final IllegalStateException failure = failure();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    context = new LoggerContext();
    Appender<ILoggingEvent> a;
    if (appender.equals("helpline")) {
      data = Fixtures.scratch("appender");
      connector = Fixtures.connector(Fixtures.DEAD_DESK, DeskProcess.APP_KEY);
      helpline = Fixtures.client(connector, data).build();
      reporter = ErrorReporter.builder(helpline).service("bench").build();
      ErrorReporters.register(reporter);
      HelplineAppender h = new HelplineAppender();
      h.setContext(context);
      a = h;
    } else {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%d %-5level [%thread] %logger - %msg%n%ex");
      encoder.start();
      OutputStreamAppender<ILoggingEvent> plain = new OutputStreamAppender<>();
      plain.setContext(context);
      plain.setEncoder(encoder);
      plain.setOutputStream(OutputStream.nullOutputStream());
      a = plain;
    }
    a.setName(appender);
    a.start();
    logger = context.getLogger("com.acme.billing.Invoices");
    logger.addAppender(a);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.stop();
    if (reporter != null) {
      reporter.close();
      helpline.close();
      connector.close();
      Fixtures.deleteTree(data);
    }
  }

  @Benchmark
  public void logError() {
    logger.error("invoice {} could not be sent", order++, failure);
  }

  private static IllegalStateException failure() {
    try {
      throw new IllegalStateException("SMTP refused the invoice");
    } catch (IllegalStateException e) {
      return e;
    }
  }
}
