package dev.peapod.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
    public record Ctr(String id, List<String> names, String status, int restartCount) {
    }

    public record Pod(String id, String name, Map<String, String> labels, List<Ctr> containers, boolean infra,
                      Instant created, @JsonProperty("InfraContainerID") String infraId, Ctr first) {
    }

    /** A bean with getters and a method named the Go way, as a row view may have. */
    public static final class Bean {
        public String getImage() {
            return "busybox";
        }

        public boolean isRunning() {
            return true;
        }

        public String Created() {
            return "2 minutes ago";
        }

        public String getBroken() {
            throw new IllegalStateException("boom");
        }
    }

    /** A bean JSON cannot write: it refers to itself. */
    public static final class Loop {
        public Loop getMe() {
            return this;
        }
    }

    private static final Ctr C1 = new Ctr("aaa", List.of("web", "www"), "running", 0);
    private static final Ctr C2 = new Ctr("bbb", List.of("db"), "exited", 3);
    private static final Pod POD = new Pod("0123456789abcdef", "p1", labels(), List.of(C1, C2), true,
            Instant.parse("2026-11-29T00:23:35.433874667Z"), "ffff", C1);

    private static Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zone", "b");
        m.put("app", "web");
        return m;
    }

    private static String run(String template, Object data) {
        return Template.parse(template).execute(data);
    }

    @Test
    void fieldsByGoNameOnRecords() {
        assertThat(run("{{.Name}}", POD)).isEqualTo("p1");
        assertThat(run("{{.name}}", POD)).isEqualTo("p1");
        assertThat(run("{{.ID}}", POD)).isEqualTo("0123456789abcdef");
        assertThat(run("{{.Id}}", POD)).isEqualTo("0123456789abcdef");
        assertThat(run("{{.InfraContainerID}}", POD)).as("@JsonProperty alias").isEqualTo("ffff");
    }

    @Test
    void nestedFieldsAndDot() {
        assertThat(run("{{.First.Status}}/{{.First.RestartCount}}", POD)).isEqualTo("running/0");
        assertThat(run("{{.}}", "plain")).isEqualTo("plain");
        assertThat(run("{{$.Name}}", POD)).isEqualTo("p1");
        assertThat(run("{{range .Containers}}{{$.Name}}:{{.ID}} {{end}}", POD)).isEqualTo("p1:aaa p1:bbb ");
    }

    @Test
    void beansAndGoStyleMethods() {
        assertThat(run("{{.Image}} {{.Running}} {{.Created}}", new Bean())).isEqualTo("busybox true 2 minutes ago");
    }

    @Test
    void mapsByKeyAndIndex() {
        assertThat(run("{{.Labels.app}}", POD)).isEqualTo("web");
        assertThat(run("{{index .Labels \"zone\"}}", POD)).isEqualTo("b");
        assertThat(run("{{index .Labels \"missing\"}}", POD)).isEqualTo("<no value>");
        assertThat(run("{{.Labels.missing}}", POD)).isEqualTo("<no value>");
        assertThat(run("{{index .Containers 1}}", POD)).isEqualTo("{bbb [db] exited 3}");
        assertThat(run("{{(index .Containers 1).Status}}", POD)).isEqualTo("exited");
        assertThat(run("{{index .Names 0}}", C1)).isEqualTo("web");
    }

    @Test
    void printsValuesAsGoDoes() {
        assertThat(run("{{.Labels}}", POD)).as("maps sorted by key").isEqualTo("map[app:web zone:b]");
        assertThat(run("{{.Names}}", C1)).isEqualTo("[web www]");
        assertThat(run("{{.Infra}}", POD)).isEqualTo("true");
        assertThat(run("{{.Created}}", POD)).isEqualTo("2026-11-29 00:23:35.433874667 +0000 UTC");
        assertThat(run("{{1.50}} {{2.0}} {{-7}}", null)).isEqualTo("1.5 2 -7");
        assertThat(run("{{.}}", Map.of())).isEqualTo("map[]");
        assertThat(run("{{.}}", null)).isEqualTo("<no value>");
    }

    @Test
    void jsonFunction() {
        assertThat(run("{{json .Labels}}", POD)).as("Go sorts a map's keys").isEqualTo("{\"app\":\"web\",\"zone\":\"b\"}");
        assertThat(run("{{json .Names}}", C1)).isEqualTo("[\"web\",\"www\"]");
        assertThat(run("{{json .First}}", POD))
                .isEqualTo("{\"Id\":\"aaa\",\"Names\":[\"web\",\"www\"],\"Status\":\"running\",\"RestartCount\":0}");
        assertThat(run("{{json .Created}}", POD)).isEqualTo("\"2026-11-29T00:23:35.433874667Z\"");
    }

    @Test
    void stringFunctions() {
        assertThat(run("{{upper .Name}} {{lower \"ABC\"}} {{title \"hello world\"}}", POD))
                .isEqualTo("P1 abc Hello World");
        assertThat(run("{{join .Names \",\"}}", C1)).isEqualTo("web,www");
        assertThat(run("{{join .Names \", \"}}", C1)).isEqualTo("web, www");
        assertThat(run("{{truncate .ID 4}}", POD)).isEqualTo("0123");
        assertThat(run("{{range split \"a:b\" \":\"}}<{{.}}>{{end}}", null)).isEqualTo("<a><b>");
        assertThat(run("{{len .First.Names}} {{len .Labels}} {{len \"héllo\"}}", POD)).isEqualTo("2 2 6");
    }

    @Test
    void pipelines() {
        assertThat(run("{{.Name | upper}}", POD)).isEqualTo("P1");
        assertThat(run("{{.Name | printf \"%s!\" | upper}}", POD)).isEqualTo("P1!");
        assertThat(run("{{.Labels | json}}", POD)).isEqualTo("{\"app\":\"web\",\"zone\":\"b\"}");
    }

    @Test
    void printf() {
        assertThat(run("{{printf \"%-5s|%3d|%v|%q|%x\" .Name 7 .Infra \"a\\\"b\" 255}}", POD))
                .isEqualTo("p1   |  7|true|\"a\\\"b\"|ff");
        assertThat(run("{{printf \"%.2f %d%%\" 1.234 50}}", null)).isEqualTo("1.23 50%");
        assertThat(run("{{printf \"%d\"}}", null)).isEqualTo("%!d(MISSING)");
        assertThat(run("{{printf \"%d\" \"x\"}}", null)).isEqualTo("%!d(string=x)");
        assertThat(run("{{print 1 2 \"a\" \"b\"}}", null)).isEqualTo("1 2ab");
    }

    @Test
    void ifElse() {
        assertThat(run("{{if .Infra}}yes{{else}}no{{end}}", POD)).isEqualTo("yes");
        assertThat(run("{{if .Labels.none}}yes{{else}}no{{end}}", POD)).isEqualTo("no");
        assertThat(run("{{if eq .Status \"exited\"}}E{{else if eq .Status \"running\"}}R{{else}}?{{end}}", C1))
                .isEqualTo("R");
        assertThat(run("{{if eq .Status \"exited\"}}E{{else if eq .Status \"running\"}}R{{else}}?{{end}}", C2))
                .isEqualTo("E");
        assertThat(run("{{if not .RestartCount}}none{{end}}", C1)).isEqualTo("none");
        assertThat(run("{{if and .Infra (gt (len .Containers) 1)}}many{{end}}", POD)).isEqualTo("many");
        assertThat(run("{{if or .Labels.none .Name}}x{{end}}", POD)).isEqualTo("x");
        assertThat(run("{{if ne .RestartCount 0}}{{.RestartCount}}{{end}}", C2)).isEqualTo("3");
        assertThat(run("{{if lt 1 2}}a{{end}}{{if ge \"b\" \"a\"}}b{{end}}{{if le 2 1}}c{{end}}", null))
                .isEqualTo("ab");
        assertThat(run("{{if \"\"}}a{{else}}b{{end}}{{if 0}}c{{end}}{{if .}}d{{end}}", List.of())).isEqualTo("b");
    }

    @Test
    void rangeAndWith() {
        assertThat(run("{{range .Containers}}{{.ID}},{{end}}", POD)).isEqualTo("aaa,bbb,");
        assertThat(run("{{range .Labels}}{{.}};{{end}}", POD)).as("map values in key order").isEqualTo("web;b;");
        assertThat(run("{{range .Names}}[{{.}}]{{else}}none{{end}}", C2)).isEqualTo("[db]");
        assertThat(run("{{range .}}x{{else}}none{{end}}", List.of())).isEqualTo("none");
        assertThat(run("{{range .Containers}}{{range .Names}}{{.}} {{end}}{{end}}", POD)).isEqualTo("web www db ");
        assertThat(run("{{with .First}}{{.Status}}{{end}}", POD)).isEqualTo("running");
        assertThat(run("{{with .Labels.none}}{{.}}{{else}}empty{{end}}", POD)).isEqualTo("empty");
        assertThat(run("{{range .Names}}{{.}}{{end}}", new Ctr("x", null, "s", 0))).as("nil list").isEmpty();
    }

    @Test
    void escapesTrimAndComments() {
        assertThat(run("{{.Name}}\\t{{.ID}}\\n", POD)).isEqualTo("p1\t0123456789abcdef\n");
        assertThat(run("a  {{- .Name -}}  b", POD)).isEqualTo("ap1b");
        assertThat(run("a{{/* a comment */}}b", POD)).isEqualTo("ab");
        assertThat(run("{{\"a\\tb\"}} {{`raw\\t`}}", null)).isEqualTo("a\tb raw\\t");
        assertThat(run("no actions at all", null)).isEqualTo("no actions at all");
    }

    @Test
    void variables() {
        assertThat(run("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", POD)).isEqualTo("app=web;zone=b;");
        assertThat(run("{{range $i, $c := .Containers}}{{$i}}:{{$c.ID}} {{end}}", POD)).isEqualTo("0:aaa 1:bbb ");
        assertThat(run("{{range $c := .Containers}}{{$c.Status}}/{{.RestartCount}} {{end}}", POD))
                .isEqualTo("running/0 exited/3 ");
        assertThat(run("{{$n := .Name}}{{range .Containers}}{{$n}}-{{.ID}} {{end}}", POD)).isEqualTo("p1-aaa p1-bbb ");
        assertThat(run("{{$x := upper .Name}}[{{$x}}]", POD)).as("a declaration prints nothing").isEqualTo("[P1]");
        assertThat(run("{{with $f := .First}}{{$f.Status}}{{end}}", POD)).isEqualTo("running");
        assertThat(run("{{if $l := .Labels.app}}{{$l}}{{end}}", POD)).isEqualTo("web");
        assertThat(run("{{$x := 1}}{{$x = 2}}{{$x}}", POD)).isEqualTo("2");
        assertThatThrownBy(() -> run("{{range .Containers}}{{$c := .ID}}{{end}}{{$c}}", POD))
                .hasMessageContaining("undefined variable \"$c\"");
        assertThatThrownBy(() -> run("{{$nope}}", POD))
                .hasMessage("template \"{{$nope}}\": position 3: undefined variable \"$nope\"");
    }

    @Test
    void tablePrefix() {
        Template t = Template.parse("table {{.ID}} {{.Name}}  {{.RestartCount}}");
        assertThat(t.isTable()).isTrue();
        assertThat(t.execute(Map.of("ID", "a", "RestartCount", 2))).isEqualTo("a\t<no value>\t2")
                .as("spaces between actions become column breaks");
        assertThat(t.header(Map.of("ID", "CONTAINER ID"))).isEqualTo("CONTAINER ID\tNAME\tRESTART COUNT");
        assertThat(Template.parse("table").isBareTable()).isTrue();
        assertThat(Template.parse("{{.ID}} {{.Name}}").isTable()).isFalse();
        assertThat(Template.parse("tablecloth").execute(null)).isEqualTo("tablecloth");
    }

    @Test
    void headerRowNamesFields() {
        Template t = Template.parse("table {{.InfraID}}\\t{{json .Labels}}\\t{{upper .Name}}\\t{{.First.Status}}"
                + "\\t{{range .Names}}{{.}}{{end}}\\t{{if .X}}{{.Y}}{{end}}\\t{{\"lit\"}}");
        assertThat(t.header(Map.of())).isEqualTo("INFRA ID\tLABELS\tNAME\tSTATUS\t\tY\tlit");
    }

    @ParameterizedTest
    @CsvSource({"ID,ID", "Name,NAME", "InfraID,INFRA ID", "RestartCount,RESTART COUNT", "CreatedAt,CREATED AT",
        "IDName,ID NAME", "pid_ns,PID NS", "NumberOfContainers,NUMBER OF CONTAINERS"})
    void headerNames(String field, String header) {
        assertThat(Template.headerName(field, Map.of())).isEqualTo(header);
    }

    @Test
    void headerOverridesIgnoreCase() {
        assertThat(Template.headerName("Id", Map.of("ID", "POD ID"))).isEqualTo("POD ID");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{{.Name|1|unclosed action",
        "{{.Name}} {{|11|unclosed action",
        "{{.Name}} {{}}|13|missing value for command",
        "abc {{if .X}}x|5|unclosed {{if}}: missing {{end}}",
        "{{end}}|3|unexpected {{end}}",
        "{{else}}|3|unexpected {{else}}",
        "{{range .X}}a{{else if .Y}}b{{end}}|16|unexpected {{else if}} in {{range}}",
        "{{bad .X}}|3|function \"bad\" not defined",
        "{{upper (bad .X)}}|10|function \"bad\" not defined",
        "{{.A := 1}}|6|a variable can only be declared at the start of an action",
        "{{$a, $b := .X}}|3|too many declarations",
        "{{\"abc}}|3|unterminated quoted string",
        "{{.A .B}}|6|can't give argument to non-function .A",
        "{{template \"x\"}}|3|{{template}} is not supported",
        "{{.A}}}|1|ZZZ",
        "{{(.A}}|3|unclosed left paren",
        "{{.Name}} {{if .A}}a{{else}}|11|unclosed {{if}}: missing {{end}}",
        "{{with .A}}|1|unclosed {{with}}: missing {{end}}",
        "{{.A)}}|5|unexpected right paren",
        "{{.A # }}|6|bad character '#' in action",
        "{{/* x }}|1|unclosed comment",
    })
    void parseErrorsQuoteTemplateAndPosition(String template, int position, String problem) {
        if (problem.equals("ZZZ")) {
            assertThat(run(template, Map.of("A", "a"))).isEqualTo("a}");
            return;
        }
        assertThatThrownBy(() -> Template.parse(template))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template \"" + template + "\": position " + position + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((TemplateException) e).position()).isEqualTo(position));
    }

    @Test
    void positionsCountTheTablePrefix() {
        assertThatThrownBy(() -> Template.parse("table {{.A"))
                .hasMessage("template \"table {{.A\": position 7: unclosed action");
        assertThatThrownBy(() -> Template.parse("{{.A}} {{.B"))
                .hasMessage("template \"{{.A}} {{.B\": position 8: unclosed action");
    }

    @Test
    void executionErrorsArePositionedToo() {
        assertThatThrownBy(() -> run("x {{.Nope}}", POD)).isInstanceOf(TemplateException.class)
                .hasMessage("template \"x {{.Nope}}\": position 5: can't evaluate field Nope in type Pod");
        assertThatThrownBy(() -> run("{{.Name.Len}}", POD))
                .hasMessageContaining("can't evaluate field Len in type string");
        assertThatThrownBy(() -> run("{{range .Name}}x{{end}}", POD))
                .hasMessage("template \"{{range .Name}}x{{end}}\": position 3: range can't iterate over p1");
        assertThatThrownBy(() -> run("{{join .Name \",\"}}", POD))
                .hasMessageContaining("position 3: error calling join: join needs a list");
        assertThatThrownBy(() -> run("{{upper}}", POD))
                .hasMessageContaining("error calling upper: wrong number of args for upper: want 1 got 0");
        assertThatThrownBy(() -> run("{{index .Names 5}}", C1)).hasMessageContaining("index out of range: 5");
        assertThatThrownBy(() -> run("{{lt 1 \"a\"}}", C1)).hasMessageContaining("incompatible types");
        assertThatThrownBy(() -> run("{{.X}}", null)).hasMessageContaining("nil value has no field X");
    }

    @Test
    void failuresInsideFieldsAndFunctionsAreTemplateErrors() {
        assertThatThrownBy(() -> run("{{.Broken}}", new Bean())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("position 3: error reading field Broken: java.lang.IllegalStateException: boom");
        assertThatThrownBy(() -> run("{{json .}}", new Loop())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("position 3: error calling json");
    }

    @Test
    void templateIsReusable() {
        Template t = Template.parse("{{.ID}}");
        assertThat(t.execute(C1)).isEqualTo("aaa");
        assertThat(t.execute(C2)).isEqualTo("bbb");
        assertThat(t.source()).isEqualTo("{{.ID}}");
    }
}
