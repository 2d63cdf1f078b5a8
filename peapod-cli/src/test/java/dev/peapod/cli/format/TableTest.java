package dev.peapod.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TableTest {
    public record Row(String id, String name, String status) {
    }

    @Test
    void padsColumnsToAtLeastTwelveAndTwoSpaces() {
        String out = Table.align("POD ID\tNAME\tSTATUS\n1777b847dc0a\tp2\tCreated\n");
        // same spacing as podman 4.3.1's "pod ps" on the same data
        assertThat(out).isEqualTo("""
                POD ID        NAME        STATUS
                1777b847dc0a  p2          Created
                """);
    }

    @Test
    void wideCellsWidenTheirColumnOnly() {
        String out = Table.render(List.of("A", "B", "C"),
                List.of(List.of("a-very-long-cell-value", "b", "c"), List.of("x", "y", "z")));
        assertThat(out.lines().toList()).containsExactly(
                "A                       B           C",
                "a-very-long-cell-value  b           c",
                "x                       y           z");
        for (String line : out.lines().toList()) {
            assertThat(line).doesNotEndWith(" ");
        }
    }

    @Test
    void lastCellIsNotPaddedButEmptyMiddleCellsAre() {
        assertThat(Table.align("a\t\tc\n")).isEqualTo("a" + " ".repeat(11) + " ".repeat(12) + "c\n");
        assertThat(Table.align("a\tb\t\n")).isEqualTo("a" + " ".repeat(11) + "b" + " ".repeat(11) + "\n");
    }

    @Test
    void columnWidthIsSharedByConsecutiveLinesOnly() {
        // line 2 has no tab, so lines 1 and 3 are separate column blocks, as with Go's tabwriter
        String out = Table.align("aaaaaaaaaaaaaaaaaaaa\tx\nbreak\nb\ty\n");
        assertThat(out).isEqualTo("aaaaaaaaaaaaaaaaaaaa  x\nbreak\nb           y\n");
    }

    @Test
    void countsCharactersNotBytes() {
        assertThat(Table.align("héllo\tx\n")).isEqualTo("héllo       x\n");
    }

    @Test
    void emptyInputStaysEmpty() {
        assertThat(Table.align("")).isEmpty();
        assertThat(Table.render(List.of(), List.of())).isEmpty();
    }

    @Test
    void renderReplacesTabsInsideCells() {
        assertThat(Table.render(List.of("A", "B"), List.of(List.of("x\ty", "z"))))
                .isEqualTo("A           B\nx y         z\n");
    }

    @Test
    void outputDefaultTableHasHeaderAndAlignedRows() {
        List<Row> rows = List.of(new Row("1777b847dc0a", "p2", "Created"), new Row("6cab8c9c4d33", "p1", "Running"));
        String out = Output.list(null, rows, Function.identity(), "{{.ID}}\t{{.Name}}\t{{.Status}}",
                Map.of("ID", "POD ID"), false);
        assertThat(out).isEqualTo("""
                POD ID        NAME        STATUS
                1777b847dc0a  p2          Created
                6cab8c9c4d33  p1          Running
                """);
        assertThat(Output.list("table", rows, Function.identity(), "{{.ID}}\t{{.Name}}", Map.of(), true))
                .isEqualTo("1777b847dc0a  p2\n6cab8c9c4d33  p1\n");
    }

    @Test
    void outputCustomTableAndPlainTemplate() {
        List<Row> rows = List.of(new Row("a", "n1", "s"), new Row("b", "n2", "s"));
        assertThat(Output.list("table {{.Name}} {{.ID}}", rows, Function.identity(), "", Map.of(), false))
                .isEqualTo("NAME        ID\nn1          a\nn2          b\n");
        assertThat(Output.list("{{.Name}} {{.ID}}", rows, Function.identity(), "", Map.of(), false))
                .as("no table prefix: no header, no alignment").isEqualTo("n1 a\nn2 b\n");
        assertThat(Output.list("{{.Name}}\\n", rows, Function.identity(), "", Map.of(), false))
                .as("one newline per item, not two").isEqualTo("n1\nn2\n");
    }

    @Test
    void outputHeaderOnlyForNoItems() {
        assertThat(Output.list("", List.<Row>of(), Function.identity(), "{{.ID}}\t{{.Name}}", Map.of(), false))
                .isEqualTo("ID          NAME\n");
        assertThat(Output.list("json", List.of(), Function.identity(), "", Map.of(), false)).isEqualTo("[]\n");
    }

    @Test
    void outputJsonUsesItemsAndTemplatesUseViews() {
        record View(String created) {
        }
        List<Row> rows = List.of(new Row("a", "n", "s"));
        assertThat(Output.list("json", rows, r -> new View("2 minutes ago"), "", Map.of(), false))
                .isEqualTo("""
                        [
                          {
                            "Id": "a",
                            "Name": "n",
                            "Status": "s"
                          }
                        ]
                        """);
        assertThat(Output.list("{{.Created}}", rows, r -> new View("2 minutes ago"), "", Map.of(), false))
                .isEqualTo("2 minutes ago\n");
    }

    @Test
    void jsonMatchesGoConventions() {
        record Inner(String id, List<String> names, Map<String, String> labels, Instant created) {
        }
        Inner v = new Inner("x", List.of(), Map.of(), Instant.parse("2026-11-29T00:23:35.400Z"));
        assertThat(Json.pretty(v, "  ")).isEqualTo("""
                {
                  "Id": "x",
                  "Names": [],
                  "Labels": {},
                  "Created": "2026-11-29T00:23:35.4Z"
                }""");
        assertThat(Json.compact(Map.of("lower-key", 1))).isEqualTo("{\"lower-key\":1}");
        assertThat(Output.inspect("", List.of(Map.of("a", 1)))).isEqualTo("[\n     {\n          \"a\": 1\n     }\n]\n");
        assertThat(Output.inspect("{{.a}}", List.of(Map.of("a", 1), Map.of("a", 2)))).isEqualTo("1\n2\n");
    }
}
