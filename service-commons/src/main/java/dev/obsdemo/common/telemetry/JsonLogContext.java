package dev.obsdemo.common.telemetry;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogManager;
import org.jboss.logmanager.formatters.JsonFormatter;

/**
 * Makes every JSON log line easy to search: {@code traceId}, {@code spanId} and {@code requestId} as
 * top-level fields (quarkus-logging-json only nests them under {@code mdc}), and one spelling per level
 * ({@code WARN}, not sometimes {@code WARNING}; {@code ERROR}, not {@code SEVERE}).
 *
 * <p>It wraps the JSON formatters Quarkus configured, so every other JSON setting (additional fields,
 * exception output) stays as configured. It never changes the record it formats: the same record goes to
 * every handler (the console, the file, the errors-only file), so a renamed level is printed from a copy.
 */
@ApplicationScoped
public class JsonLogContext {

    static final String[] TOP_LEVEL_KEYS = {"traceId", "spanId", "requestId"};

    void install(@Observes @Priority(1) StartupEvent event) {
        wrap(LogManager.getLogManager().getLogger("").getHandlers());
    }

    private static void wrap(Handler[] handlers) {
        for (Handler handler : handlers) {
            Formatter formatter = handler.getFormatter();
            if (formatter instanceof JsonFormatter json) {
                handler.setFormatter(new TopLevelContextFormatter(json));
            }
            if (handler instanceof ExtHandler ext) {
                wrap(ext.getHandlers());
            }
        }
    }

    /** Delegates to the JSON formatter, then lifts the context fields to the top of the object. */
    static final class TopLevelContextFormatter extends Formatter {

        private final JsonFormatter delegate;

        TopLevelContextFormatter(JsonFormatter delegate) {
            this.delegate = delegate;
        }

        @Override
        public String format(LogRecord record) {
            String json = delegate.format(withOneSpellingOfLevel(record));
            if (!(record instanceof ExtLogRecord ext) || !json.startsWith("{")) {
                return json;
            }
            StringBuilder fields = new StringBuilder();
            for (String key : TOP_LEVEL_KEYS) {
                String value = ext.getMdc(key);
                if (value != null && !value.isEmpty()) {
                    fields.append('"')
                            .append(key)
                            .append("\":\"")
                            .append(escape(value))
                            .append("\",");
                }
            }
            if (fields.isEmpty()) {
                return json;
            }
            // One copy of the line, not two ("{" + fields + json.substring(1) copied it twice).
            return new StringBuilder(fields.length() + json.length())
                    .append('{')
                    .append(fields)
                    .append(json, 1, json.length())
                    .toString();
        }

        @Override
        public String getHead(Handler h) {
            return delegate.getHead(h);
        }

        @Override
        public String getTail(Handler h) {
            return delegate.getTail(h);
        }

        /**
         * The record itself, or a copy with the JBoss Logging name of its level where a library logged through
         * java.util.logging ({@code WARNING} becomes {@code WARN}, {@code SEVERE} {@code ERROR}, {@code FINE}
         * {@code DEBUG}, {@code FINER} and {@code FINEST} {@code TRACE}, {@code CONFIG} {@code INFO}).
         */
        static LogRecord withOneSpellingOfLevel(LogRecord record) {
            Level spelled = oneSpelling(record.getLevel());
            if (spelled == record.getLevel()) {
                return record;
            }
            // wrap() alone would write through to a plain LogRecord: copy the (wrapped) record.
            ExtLogRecord copy = new ExtLogRecord(ExtLogRecord.wrap(record));
            copy.setLevel(spelled);
            return copy;
        }

        // Identity, not equals: java.util.logging.Level compares by value, and WARNING and WARN are both 900.
        private static Level oneSpelling(Level level) {
            if (level == Level.WARNING) {
                return org.jboss.logmanager.Level.WARN;
            } else if (level == Level.SEVERE) {
                return org.jboss.logmanager.Level.ERROR;
            } else if (level == Level.FINE) {
                return org.jboss.logmanager.Level.DEBUG;
            } else if (level == Level.FINER || level == Level.FINEST) {
                return org.jboss.logmanager.Level.TRACE;
            } else if (level == Level.CONFIG) {
                return org.jboss.logmanager.Level.INFO;
            }
            return level;
        }

        private static String escape(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (char c : value.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
