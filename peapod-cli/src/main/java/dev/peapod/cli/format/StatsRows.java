package dev.peapod.cli.format;

import dev.peapod.core.ContainerStats;
import dev.peapod.core.define.GoDuration;
import dev.peapod.core.define.Ids;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** How {@code stats} and {@code pod stats} print a reading: podman's columns, units and JSON keys. */
public final class StatsRows {
    private StatsRows() {
    }

    /** go-units' {@code HumanSize}: decimal units, four significant digits, no space ({@code 258kB}, {@code 25.28GB}). */
    public static String humanSize(long bytes) {
        return scaled(bytes, 1000, new String[] {"B", "kB", "MB", "GB", "TB", "PB"});
    }

    /** go-units' {@code BytesSize}: binary units ({@code 252KiB}, {@code 23.54GiB}). */
    public static String bytesSize(long bytes) {
        return scaled(bytes, 1024, new String[] {"B", "KiB", "MiB", "GiB", "TiB", "PiB"});
    }

    private static String scaled(long bytes, double base, String[] units) {
        double v = bytes;
        int i = 0;
        while (v >= base && i < units.length - 1) {
            v /= base;
            i++;
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString() + units[i];
    }

    static String percent(double p) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", p);
    }

    /** What {@code stats --format} templates see: podman's report fields and methods. */
    public static Map<String, Object> view(ContainerStats s) {
        Map<String, Object> m = new dev.peapod.core.inspect.Doc.Struct();
        m.put("ID", Ids.shortId(s.containerId()));
        m.put("ContainerID", s.containerId());
        m.put("Name", s.name());
        m.put("CPUPerc", percent(s.cpuPercent()));
        m.put("AVGCPU", percent(s.avgCpuPercent()));
        m.put("CPU", s.cpuPercent());
        m.put("AvgCPU", s.avgCpuPercent());
        m.put("CPUNano", s.cpuNanos());
        m.put("CPUSystemNano", s.cpuSystemNanos());
        m.put("SystemNano", s.systemNanos());
        m.put("CPUTime", GoDuration.format(Duration.ofNanos(s.cpuNanos())));
        m.put("MemUsage", humanSize(s.memUsage()) + " / " + humanSize(s.memLimit()));
        m.put("MemUsageBytes", bytesSize(s.memUsage()) + " / " + bytesSize(s.memLimit()));
        m.put("MemLimit", s.memLimit());
        m.put("MemPerc", percent(s.memPercent()));
        m.put("NetIO", humanSize(s.netInput()) + " / " + humanSize(s.netOutput()));
        m.put("NetInput", s.netInput());
        m.put("NetOutput", s.netOutput());
        m.put("BlockIO", humanSize(s.blockInput()) + " / " + humanSize(s.blockOutput()));
        m.put("BlockInput", s.blockInput());
        m.put("BlockOutput", s.blockOutput());
        m.put("PIDs", s.pids());
        m.put("PIDS", Long.toString(s.pids()));
        m.put("UpTime", GoDuration.format(s.upTime()));
        m.put("Up", GoDuration.format(s.upTime()));
        return m;
    }

    /** {@code stats --format json}'s object for one container (podman 4.3's keys). */
    public static Map<String, Object> json(ContainerStats s) {
        Map<String, Object> v = view(s);
        Map<String, Object> m = new dev.peapod.core.inspect.Doc.Struct();
        m.put("id", v.get("ID"));
        m.put("name", s.name());
        m.put("cpu_time", v.get("CPUTime"));
        m.put("cpu_percent", v.get("CPUPerc"));
        m.put("avg_cpu", v.get("AVGCPU"));
        m.put("mem_usage", v.get("MemUsage"));
        m.put("mem_percent", v.get("MemPerc"));
        m.put("net_io", v.get("NetIO"));
        m.put("block_io", v.get("BlockIO"));
        m.put("pids", v.get("PIDS"));
        return m;
    }
}
