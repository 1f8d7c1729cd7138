package io.torrentine.testing.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineTest {

    @Test
    void parsesTheFlatObjectsLtClientWrites() {
        Map<String, Object> event = JsonLine.parse(
                "{\"event\":\"status\",\"progress\":0.196608,\"state\":\"downloading\",\"peers\":1,\"done\":true,\"x\":null}");
        assertThat(event).containsEntry("event", "status").containsEntry("progress", 0.196608)
                .containsEntry("state", "downloading").containsEntry("peers", 1L).containsEntry("done", true)
                .containsEntry("x", null);
        assertThat(JsonLine.parse(" { } ")).isEmpty();
    }

    @Test
    void decodesEscapes() {
        assertThat(JsonLine.parse("{\"message\":\"a \\\"b\\\" \\\\ \\u00e9\\n\"}"))
                .containsEntry("message", "a \"b\" \\ \u00e9\n");
    }

    @Test
    void rejectsWhatIsNotOneFlatObject() {
        assertThatThrownBy(() -> JsonLine.parse("Traceback (most recent call last):"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLine.parse("{\"a\":1} trailing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLine.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLine.parse("{\"a\":1")).isInstanceOf(IllegalArgumentException.class);
    }
}
