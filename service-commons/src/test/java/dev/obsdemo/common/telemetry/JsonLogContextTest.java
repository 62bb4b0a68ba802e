package dev.obsdemo.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.common.telemetry.JsonLogContext.TopLevelContextFormatter;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLogContextTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN_ID = "b7ad6b7169203331";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonFormatter json = new JsonFormatter();
    private final TopLevelContextFormatter formatter = new TopLevelContextFormatter(json);

    private static ExtLogRecord record(Level level, Map<String, String> mdc) {
        ExtLogRecord record = new ExtLogRecord(level, "User 7 created", JsonLogContextTest.class.getName());
        record.setLoggerName("dev.obsdemo.users.domain.UserService");
        mdc.forEach(record::putMdc);
        return record;
    }

    private JsonNode format(LogRecord record) throws Exception {
        return JSON.readTree(formatter.format(record));
    }

    @Test
    void traceSpanAndRequestIdsBecomeTopLevelFields() throws Exception {
        ExtLogRecord record = record(
                org.jboss.logmanager.Level.INFO,
                Map.of("traceId", TRACE_ID, "spanId", SPAN_ID, "requestId", "order-42.retry:1"));

        JsonNode line = format(record);

        assertThat(line.path("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(line.path("spanId").asText()).isEqualTo(SPAN_ID);
        assertThat(line.path("requestId").asText()).isEqualTo("order-42.retry:1");
        // Everything the JSON formatter writes is still there, the MDC included.
        assertThat(line.path("message").asText()).isEqualTo("User 7 created");
        assertThat(line.path("loggerName").asText()).isEqualTo("dev.obsdemo.users.domain.UserService");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("mdc").path("requestId").asText()).isEqualTo("order-42.retry:1");
    }

    @Test
    void onlyTheIdsThatAreSetAreAdded() throws Exception {
        JsonNode line = format(record(org.jboss.logmanager.Level.INFO, Map.of("requestId", "r-1", "traceId", "")));

        assertThat(line.path("requestId").asText()).isEqualTo("r-1");
        assertThat(line.has("traceId")).isFalse();
        assertThat(line.has("spanId")).isFalse();
    }

    @Test
    void withoutIdsTheLineIsTheJsonFormattersOwn() {
        ExtLogRecord record = record(org.jboss.logmanager.Level.INFO, Map.of("other", "x"));

        assertThat(formatter.format(record)).isEqualTo(json.format(record));
    }

    @Test
    void anIdWithQuotesBackslashesOrControlCharactersStaysValidJson() throws Exception {
        String awkward = "a\"b\\c\nd\u0001e";

        JsonNode line = format(record(org.jboss.logmanager.Level.INFO, Map.of("requestId", awkward)));

        assertThat(line.path("requestId").asText()).isEqualTo(awkward);
    }

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
        "WARNING, WARN",
        "SEVERE, ERROR",
        "FINE, DEBUG",
        "FINER, TRACE",
        "FINEST, TRACE",
        "CONFIG, INFO",
        "INFO, INFO"
    })
    void everyLevelHasOneSpelling(String julLevel, String written) throws Exception {
        JsonNode line = format(record(Level.parse(julLevel), Map.of()));

        assertThat(line.path("level").asText()).isEqualTo(written);
    }

    @Test
    void theSharedRecordKeepsItsLevelAndEverythingElse() throws Exception {
        ExtLogRecord record = record(Level.WARNING, Map.of("requestId", "r-2", "traceId", TRACE_ID));
        record.setThrown(new IllegalStateException("pool exhausted"));
        long sequence = record.getSequenceNumber();

        JsonNode line = format(record);

        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("requestId").asText()).isEqualTo("r-2");
        assertThat(line.path("exception").path("message").asText()).isEqualTo("pool exhausted");
        assertThat(record.getLevel()).isSameAs(Level.WARNING);
        assertThat(record.getMessage()).isEqualTo("User 7 created");
        assertThat(record.getLoggerName()).isEqualTo("dev.obsdemo.users.domain.UserService");
        assertThat(record.getSequenceNumber()).isEqualTo(sequence);
        assertThat(record.getThrown()).hasMessage("pool exhausted");
        assertThat(record.getMdcCopy())
                .containsExactlyInAnyOrderEntriesOf(Map.of("requestId", "r-2", "traceId", TRACE_ID));
        // The next handler (here the errors file's pattern) sees the level as it was logged.
        assertThat(new PatternFormatter("%p").format(record)).isEqualTo("WARNING");
    }

    @Test
    void aPlainLogRecordIsRenamedOnACopyAndGetsNoIds() throws Exception {
        LogRecord record = new LogRecord(Level.SEVERE, "from java.util.logging");

        JsonNode line = format(record);

        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("message").asText()).isEqualTo("from java.util.logging");
        assertThat(record.getLevel()).isSameAs(Level.SEVERE);
    }

    @Test
    void aRecordWithAJbossLevelIsFormattedAsItIs() {
        ExtLogRecord record = record(org.jboss.logmanager.Level.WARN, Map.of());

        assertThat(TopLevelContextFormatter.withOneSpellingOfLevel(record)).isSameAs(record);
    }
}
