package dev.peapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.define.NoSuchObjectException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The target selection and per-target reporting every bulk command shares. */
class BulkTest {
    private static final Map<String, String> IDS = Map.of("web", "id1", "id1", "id1", "db", "id2");
    private static final List<String> EVERY = List.of("id1", "id2");

    private static List<String> select(List<String> names, boolean all, boolean latest, boolean ignore) {
        return Bulk.select(names, all, latest, ignore, () -> EVERY, name -> {
            String id = IDS.get(name);
            if (id == null) {
                throw new NoSuchObjectException("no such object: \"" + name + "\"");
            }
            return id;
        }, id -> id, () -> new NoSuchObjectException("none"));
    }

    @Test
    void namesAllOrLatestExactlyOne() {
        assertThat(select(List.of("db", "web", "id1"), false, false, false)).as("each once, in order")
                .containsExactly("id2", "id1");
        assertThat(select(List.of(), true, false, false)).isEqualTo(EVERY);
        assertThat(select(List.of(), false, true, false)).containsExactly("id2");
        assertThatThrownBy(() -> select(List.of(), false, false, false)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("you must provide at least one name or id");
        assertThatThrownBy(() -> select(List.of(), true, true, false))
                .hasMessage("--all and --latest cannot be used together");
        assertThatThrownBy(() -> select(List.of("web"), true, false, false))
                .hasMessage("no arguments are needed with --all");
        assertThatThrownBy(() -> select(List.of("web"), false, true, false))
                .hasMessage("no arguments are needed with --latest");
    }

    @Test
    void everyNameIsResolvedFirstAndMissingOnesFailUnlessIgnored() {
        assertThatThrownBy(() -> select(List.of("web", "ghost"), false, false, false))
                .isInstanceOf(NoSuchObjectException.class).hasMessageContaining("ghost");
        assertThat(select(List.of("web", "ghost"), false, false, true)).containsExactly("id1");
        assertThatThrownBy(() -> Bulk.select(List.of(), false, true, false, List::<String>of, n -> n, n -> n,
                () -> new NoSuchObjectException("no containers to act on: --latest found none")))
                .hasMessageContaining("--latest found none");
    }

    @Test
    void eachGoesOnAfterFailuresAndReturnsTheLastOnesCode() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Bulk.each(List.of("a", "b", "c"), t -> switch (t) {
            case "a" -> throw new InvalidStateException("a is running");
            case "b" -> List.of(new Bulk.Failure("stopping container x of pod b: ",
                    new InvalidStateException("x is stuck")));
            default -> List.of();
        }, t -> "done " + t, new PrintWriter(out), new PrintWriter(err));
        assertThat(out.toString()).isEqualTo("done c\n");
        assertThat(err.toString()).isEqualTo("Error: a is running\nError: stopping container x of pod b: x is stuck\n");
        assertThat(code).isEqualTo(125);
        assertThat(Bulk.each(List.of("a"), t -> List.of(), t -> t, new PrintWriter(out), new PrintWriter(err)))
                .isZero();
    }
}
