package io.tessera.config;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Credentials in the config: found by key, then remembered by value. A key is secret when it names a credential
 * Hadoop or Spark knows ({@code fs.s3a.*key*}, {@code fs.azure.*}, {@code fs.gs.*private*}) or has password, secret,
 * token, credential, signature, access key or session key in it. Its value is redacted in the written config, and,
 * once registered, scrubbed by value wherever text leaves Tessera: the written config, run.json, error messages
 * (a message that echoes a value given under another key too) and, through {@link #guardLogs()}, every log line.
 */
public final class Secrets {
  /** The secret keys, as a regular expression found anywhere in the key; also Spark's {@code spark.redaction.regex}. */
  public static final String KEY_REGEX = "(?i)password|passwd|secret|token|credential|signature|access[._-]?key"
      + "|session[._-]?key|fs\\.s3a\\..*key|fs\\.azure\\.|fs\\.gs\\..*private";
  private static final Pattern SECRET_KEY = Pattern.compile(KEY_REGEX);
  public static final String REDACTED = "*****";
  /**
   * Shorter values (true, OAuth, a port) are redacted by key only: scrubbing them by value would mangle ordinary
   * text, and keys, tokens and passwords worth the name are longer.
   */
  static final int MIN_SCRUBBED_LENGTH = 8;

  private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

  private Secrets() {}

  public static boolean isSecretKey(String key) {
    return key != null && SECRET_KEY.matcher(key).find();
  }

  /** Remembers the value of a secret key, so that it is scrubbed wherever it shows up; other keys are ignored. */
  public static void register(String key, String value) {
    if (isSecretKey(key) && value != null && value.strip().length() >= MIN_SCRUBBED_LENGTH
        && VALUES.add(value.strip())) {
      guardLogs();
    }
  }

  /** The text with every registered secret value replaced by {@link #REDACTED}. */
  public static String scrub(String text) {
    if (text == null || VALUES.isEmpty()) {
      return text;
    }
    String out = text;
    // Longest first, so a secret that contains another is replaced whole.
    List<String> values = VALUES.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String value : values) {
      if (out.contains(value)) {
        out = out.replace(value, REDACTED);
      }
    }
    return out;
  }

  /** A throwable's message and stack trace as text, scrubbed. */
  public static String scrubbedStackTrace(Throwable e) {
    return scrub(stackTrace(e));
  }

  private static String stackTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  /**
   * Wraps every log4j2 appender of the driver in one that scrubs registered values from the message and the
   * exception, whatever log4j2 configuration is in use (Tessera's, or a cluster's). Idempotent; called again after
   * the Spark session starts, in case logging was reconfigured.
   */
  public static synchronized void guardLogs() {
    if (VALUES.isEmpty() || !(LogManager.getContext(false) instanceof LoggerContext context)) {
      return;
    }
    var configuration = context.getConfiguration();
    boolean changed = false;
    List<LoggerConfig> loggers = new java.util.ArrayList<>(configuration.getLoggers().values());
    loggers.add(configuration.getRootLogger());
    for (LoggerConfig logger : loggers) {
      for (Appender appender : List.copyOf(logger.getAppenders().values())) {
        if (appender instanceof ScrubbingAppender) {
          continue;
        }
        AppenderRef ref = logger.getAppenderRefs().stream()
            .filter(r -> r.getRef().equals(appender.getName())).findFirst().orElse(null);
        logger.removeAppender(appender.getName());
        ScrubbingAppender scrubbing = new ScrubbingAppender(appender);
        scrubbing.start();
        logger.addAppender(scrubbing, ref == null ? null : ref.getLevel(), ref == null ? null : ref.getFilter());
        changed = true;
      }
    }
    if (changed) {
      context.updateLoggers();
    }
  }

  /** Passes each event on with registered secret values scrubbed from its message and exception. */
  private static final class ScrubbingAppender extends AbstractAppender {
    private final Appender delegate;

    ScrubbingAppender(Appender delegate) {
      super(delegate.getName() + "-scrubbed", null, null, true, Property.EMPTY_ARRAY);
      this.delegate = delegate;
    }

    @Override
    public void append(LogEvent event) {
      String message = event.getMessage() == null ? null : event.getMessage().getFormattedMessage();
      Throwable thrown = event.getThrown();
      String scrubbedMessage = scrub(message);
      String rawTrace = thrown == null ? null : stackTrace(thrown);
      String trace = scrub(rawTrace);
      boolean leaks = !java.util.Objects.equals(message, scrubbedMessage) || !java.util.Objects.equals(rawTrace, trace);
      if (!leaks) {
        delegate.append(event);
        return;
      }
      delegate.append(new Log4jLogEvent.Builder(event)
          .setMessage(new SimpleMessage(scrubbedMessage))
          .setThrown(thrown == null ? null : new ScrubbedException(trace))
          .setThrownProxy(null)
          .build());
    }
  }

  /** Stands in for an exception whose text held a secret: the scrubbed trace, no frames of its own. */
  static final class ScrubbedException extends RuntimeException {
    ScrubbedException(String scrubbedTrace) {
      super(scrubbedTrace, null, false, false);
    }
  }
}
