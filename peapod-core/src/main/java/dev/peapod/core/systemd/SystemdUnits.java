package dev.peapod.core.systemd;

import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.define.InvalidArgumentException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * systemd units for containers and pods in the shape podman 4.3.1's {@code generate systemd} writes them, running
 * this peapod. Differences, each because peapod has not podman's flag: a {@code --new} container unit is
 * {@code Type=forking} on {@code --conmon-pidfile} (podman 4.3: {@code Type=notify} with {@code --sdnotify=conmon}
 * and {@code --cgroups=no-conmon}, podman 3's shape was this one); every command line names the store
 * ({@code --root}, {@code --runroot}), which podman 4.3 leaves out of its non-{@code --new} units.
 */
public final class SystemdUnits {
    private static final DateTimeFormatter UNIX_DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss zzz yyyy",
            Locale.ROOT);

    private SystemdUnits() {
    }

    /** One unit file: its name ({@code container-web.service}) and text. */
    public record Unit(String name, String text) {
    }

    /**
     * The unit of a container.
     *
     * @throws InvalidArgumentException for a pod's infra container (podman: generate the pod's units)
     */
    public static Unit container(Container c, UnitOptions o) {
        if (c.config().infra()) {
            throw new InvalidArgumentException("container " + c.name() + " is the infra container of a pod: "
                    + "generate units for the pod instead");
        }
        return container(c, o, null);
    }

    /** The units of a pod: the pod's (running its infra container) first, then one per member, in creation order. */
    public static List<Unit> pod(Pod p, UnitOptions o) {
        String infraId = p.infraContainerId();
        if (infraId == null || infraId.isEmpty()) {
            throw new InvalidArgumentException("pod " + p.name() + " has no infra container: systemd units need one");
        }
        String podUnit = o.podPrefix() + o.separator() + (o.useName() ? p.name() : p.id());
        List<Container> members = new ArrayList<>(p.allContainers().stream()
                .filter(m -> !m.config().infra()).toList());
        members.sort(java.util.Comparator.comparing(m -> m.config().created()));
        List<Unit> units = new ArrayList<>();
        List<String> memberUnits = new ArrayList<>();
        for (Container m : members) {
            Unit u = container(m, o, podUnit);
            memberUnits.add(u.name());
            units.add(u);
        }
        Container infra = p.allContainers().stream().filter(m -> m.id().equals(infraId)).findFirst().orElseThrow();
        units.addFirst(podUnit(p, infra, podUnit + ".service", memberUnits, o));
        return units;
    }

    private static Unit container(Container c, UnitOptions o, String podUnit) {
        ContainerConfig cfg = c.config();
        String name = o.containerPrefix() + o.separator() + (o.useName() ? cfg.name() : cfg.id()) + ".service";
        String target = o.useName() ? cfg.name() : cfg.id();
        int timeout = o.stopTimeout() >= 0 ? o.stopTimeout() : cfg.stopTimeout();
        List<String> unit = header(name, o);
        if (podUnit != null) {
            unit.add("BindsTo=" + podUnit + ".service");
            unit.add("After=" + podUnit + ".service");
        }
        List<String> service = service(o, timeout);
        if (o.newContainers()) {
            service.add("ExecStartPre=/bin/rm \\\n\t-f %t/%n.ctr-id %t/%n.pid");
            List<String> run = new ArrayList<>(List.of("run", "--cidfile=%t/%n.ctr-id", "--conmon-pidfile=%t/%n.pid",
                    "--rm"));
            if (podUnit != null) {
                run.addAll(List.of("--pod-id-file", "%t/" + podUnit + ".pod-id"));
            }
            run.addAll(List.of("-d", "--replace"));
            service.add("ExecStart=" + lines(exe(o), run, createArgs(cfg)));
            service.add("ExecStop=" + exe(o) + " stop \\\n\t--ignore -t " + timeout + " \\\n\t--cidfile=%t/%n.ctr-id");
            service.add("ExecStopPost=" + exe(o) + " rm \\\n\t-f \\\n\t--ignore -t " + timeout
                    + " \\\n\t--cidfile=%t/%n.ctr-id");
            service.add("PIDFile=%t/%n.pid");
        } else {
            service.add("ExecStart=" + exe(o) + " start " + target);
            service.add("ExecStop=" + exe(o) + " stop  \\\n\t-t " + timeout + " " + target);
            service.add("ExecStopPost=" + exe(o) + " stop  \\\n\t-t " + timeout + " " + target);
            service.add("PIDFile=" + conmonPidFile(c, o));
        }
        service.add("Type=forking");
        return new Unit(name, text(unit, service));
    }

    private static Unit podUnit(Pod p, Container infra, String name, List<String> members, UnitOptions o) {
        int timeout = o.stopTimeout() >= 0 ? o.stopTimeout() : infra.config().stopTimeout();
        List<String> unit = header(name, o);
        for (String m : members) {
            unit.add("Wants=" + m);
        }
        for (String m : members) {
            unit.add("Before=" + m);
        }
        List<String> service = service(o, timeout);
        String base = name.substring(0, name.length() - ".service".length());
        if (o.newContainers()) {
            String idFile = "%t/" + base + ".pod-id";
            String pidFile = "%t/" + base + ".pid";
            service.add("ExecStartPre=/bin/rm \\\n\t-f " + pidFile + " " + idFile);
            service.add("ExecStartPre=" + lines(exe(o), List.of("pod", "create", "--infra-conmon-pidfile", pidFile,
                    "--pod-id-file", idFile, "--exit-policy=stop", "--name", p.name(), "--replace"), List.of()));
            service.add("ExecStart=" + exe(o) + " pod start \\\n\t--pod-id-file " + idFile);
            service.add("ExecStop=" + exe(o) + " pod stop \\\n\t--ignore \\\n\t--pod-id-file " + idFile
                    + "  \\\n\t-t " + timeout);
            service.add("ExecStopPost=" + exe(o) + " pod rm \\\n\t--ignore \\\n\t-f \\\n\t--pod-id-file " + idFile);
            service.add("PIDFile=" + pidFile);
        } else {
            String target = o.useName() ? infra.name() : infra.id();
            service.add("ExecStart=" + exe(o) + " start " + target);
            service.add("ExecStop=" + exe(o) + " stop  \\\n\t-t " + timeout + " " + target);
            service.add("ExecStopPost=" + exe(o) + " stop  \\\n\t-t " + timeout + " " + target);
            service.add("PIDFile=" + conmonPidFile(infra, o));
        }
        service.add("Type=forking");
        return new Unit(name, text(unit, service));
    }

    private static List<String> header(String name, UnitOptions o) {
        List<String> unit = new ArrayList<>();
        unit.add("# " + name);
        if (!o.extras().noHeader()) {
            unit.add("# autogenerated by " + o.producer());
            unit.add("# " + UNIX_DATE.format(o.now()));
        }
        unit.add("");
        unit.add("[Unit]");
        unit.add("Description=peapod " + name);
        unit.add("Documentation=man:podman-generate-systemd(1)");
        unit.add("Wants=network-online.target");
        unit.add("After=network-online.target");
        unit.add("RequiresMountsFor=" + o.runRoot());
        unit.addAll(o.extras().dependencies());
        return unit;
    }

    private static List<String> service(UnitOptions o, int timeout) {
        List<String> s = new ArrayList<>();
        s.add("Environment=PODMAN_SYSTEMD_UNIT=%n");
        o.extras().env().forEach(e -> s.add("Environment=" + e));
        s.add("Restart=" + o.restartPolicy());
        if (o.extras().restartSec() > 0) {
            s.add("RestartSec=" + o.extras().restartSec());
        }
        if (o.extras().startTimeout() > 0) {
            s.add("TimeoutStartSec=" + o.extras().startTimeout());
        }
        s.add("TimeoutStopSec=" + (timeout + 60));
        return s;
    }

    private static String text(List<String> unit, List<String> service) {
        List<String> all = new ArrayList<>(unit);
        all.add("");
        all.add("[Service]");
        all.addAll(service);
        all.add("");
        all.add("[Install]");
        all.add("WantedBy=default.target");
        return String.join("\n", all) + "\n";
    }

    private static String exe(UnitOptions o) {
        List<String> words = new ArrayList<>(o.executable());
        words.addAll(o.globals());
        return String.join(" ", words.stream().map(SystemdUnits::quote).toList());
    }

    /** podman's layout: the executable and global options, then each flag on a line of its own. */
    private static String lines(String exe, List<String> head, List<String> rest) {
        StringBuilder b = new StringBuilder(exe);
        List<String> words = new ArrayList<>(head);
        words.addAll(rest);
        for (int i = 0; i < words.size(); i++) {
            String w = quote(words.get(i));
            boolean flag = w.startsWith("-") && i > 0;
            b.append(flag ? " \\\n\t" : " ").append(w);
        }
        return b.toString();
    }

    /** systemd's quoting of a word of a command line: in double quotes when it has white space or quotes. */
    static String quote(String w) {
        String s = w.replace("%", "%%").replace("%%t/", "%t/").replace("%%n", "%n");
        if (s.isEmpty() || s.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '"' || ch == '\''
                || ch == '\\' || ch == ';')) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return s;
    }

    /**
     * The container's create command after {@code run}/{@code create}, without what the unit sets itself
     * ({@code -d}, {@code --rm}, {@code --replace}, {@code --cidfile}, {@code --conmon-pidfile}, {@code --pod},
     * {@code --pod-id-file}) and without the global options the user typed (the unit names the store itself).
     */
    static List<String> createArgs(ContainerConfig cfg) {
        List<String> cmd = cfg.createCommand();
        int start = -1;
        for (int i = 1; i < cmd.size(); i++) {
            if (cmd.get(i).equals("run") || cmd.get(i).equals("create")) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            throw new InvalidArgumentException("container " + cfg.name() + " was not created by run or create: "
                    + "--new needs its create command");
        }
        Map<String, Boolean> dropped = new LinkedHashMap<>(); // flag -> whether it takes a value
        for (String f : List.of("-d", "--detach", "--rm", "--replace")) {
            dropped.put(f, false);
        }
        for (String f : List.of("--cidfile", "--conmon-pidfile", "--pod", "--pod-id-file")) {
            dropped.put(f, true);
        }
        List<String> command = cfg.command();
        int end = cmd.size();
        if (!command.isEmpty() && cmd.size() - start > command.size()
                && cmd.subList(cmd.size() - command.size(), cmd.size()).equals(command)) {
            end = cmd.size() - command.size(); // the container's own arguments are never the unit's to drop
        }
        List<String> out = new ArrayList<>();
        for (int i = start; i < end; i++) {
            String a = cmd.get(i);
            String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (dropped.containsKey(key)) {
                if (dropped.get(key) && !a.contains("=")) {
                    i++;
                }
                continue;
            }
            out.add(a);
        }
        out.addAll(cmd.subList(end, cmd.size()));
        return out;
    }

    private static String conmonPidFile(Container c, UnitOptions o) {
        String own = c.config().compat().conmonPidFile();
        return own.isEmpty() ? java.nio.file.Path.of(o.runRoot(), "ctr", c.id(), "conmon.pid").toString() : own;
    }
}
