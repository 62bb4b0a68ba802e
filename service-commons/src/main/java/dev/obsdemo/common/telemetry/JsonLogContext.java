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
 * exception output) stays as configured.
 */
@ApplicationScoped
public class JsonLogContext {

    static final String[] TOP_LEVEL_KEYS = { "traceId", "spanId", "requestId" };

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
            normalizeLevel(record);
            String json = delegate.format(record);
            if (!(record instanceof ExtLogRecord ext) || !json.startsWith("{")) {
                return json;
            }
            StringBuilder fields = new StringBuilder();
            for (String key : TOP_LEVEL_KEYS) {
                String value = ext.getMdc(key);
                if (value != null && !value.isEmpty()) {
                    fields.append('"').append(key).append("\":\"").append(escape(value)).append("\",");
                }
            }
            return fields.isEmpty() ? json : "{" + fields + json.substring(1);
        }

        @Override
        public String getHead(Handler h) {
            return delegate.getHead(h);
        }

        @Override
        public String getTail(Handler h) {
            return delegate.getTail(h);
        }

        private static void normalizeLevel(LogRecord record) {
            Level level = record.getLevel();
            if (level == Level.WARNING) {
                record.setLevel(org.jboss.logmanager.Level.WARN);
            } else if (level == Level.SEVERE) {
                record.setLevel(org.jboss.logmanager.Level.ERROR);
            } else if (level == Level.FINE) {
                record.setLevel(org.jboss.logmanager.Level.DEBUG);
            } else if (level == Level.FINER || level == Level.FINEST) {
                record.setLevel(org.jboss.logmanager.Level.TRACE);
            } else if (level == Level.CONFIG) {
                record.setLevel(org.jboss.logmanager.Level.INFO);
            }
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
