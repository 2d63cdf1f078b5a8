package dev.peapod.bench;

import dev.peapod.cli.format.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code --format} templates ({@link Template}): parsing a typical {@code ps} table template, and
 * rendering it (and a {@code range}/{@code json} one) over 1,000 rows, what {@code ps -a --format} pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class TemplateBench {
    static final String TABLE = "table {{.ID}}\t{{.Names}}\t{{.Status}}\t{{.Created}}\t{{.Labels}}";
    static final String FANCY = "{{.ID}} {{range $k, $v := .Labels}}{{$k}}={{$v | upper}},{{end}} {{json .Names}}";

    /** A row with the shapes of a container listing. */
    public record Row(String ID, List<String> Names, String Status, Instant Created, Map<String, String> Labels) {
    }

    List<Row> rows;
    Template table;
    Template fancy;

    @Setup
    public void setUp() {
        rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new Row(String.format("%012x", i * 7919L), List.of("name" + i), "Up 5 minutes",
                    Instant.ofEpochSecond(1_700_000_000L + i), Map.of("app", "web" + i, "tier", "front")));
        }
        table = Template.parse(TABLE);
        fancy = Template.parse(FANCY);
    }

    @Benchmark
    public Template parse() {
        return Template.parse(TABLE);
    }

    @Benchmark
    public int renderTable1000() {
        int n = 0;
        for (Row r : rows) {
            n += table.execute(r).length();
        }
        return n;
    }

    @Benchmark
    public int renderRangeJson1000() {
        int n = 0;
        for (Row r : rows) {
            n += fancy.execute(r).length();
        }
        return n;
    }
}
