package dev.peapod.cli.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.cli.Cli;
import dev.peapod.cli.CliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --dns-search}, {@code --dns-option}, {@code --no-hosts}, {@code --network-alias}, {@code --pidfile} and the
 * environment flags ({@code --unsetenv}, {@code --unsetenv-all}, {@code --env-merge}, {@code --env-host}) on real
 * parts, each compared with what podman 4.3.1 gave for the same command line on this machine.
 */
class DnsEnvFlagsCliIT {
    @RegisterExtension
    final CliStore cli = CliStore.named("dnsenv-it");

    @Test
    void dnsSearchOptionsNoHostsAndPidFileAsPodman() throws Exception {
        // podman 4.3.1: "search foo.com", the host's nameserver, "options ndots:3"
        List<String> resolv = cli.ok("run", "--rm", "--network", "host", "--dns-search", "foo.com", "--dns-option",
                "ndots:3", "busybox", "cat", "/etc/resolv.conf").lines().toList();
        assertThat(resolv.getFirst()).isEqualTo("search foo.com");
        assertThat(resolv.getLast()).isEqualTo("options ndots:3");
        assertThat(cli.ok("run", "--rm", "--network", "host", "--dns-search", ".", "busybox", "cat",
                "/etc/resolv.conf")).doesNotContain("search");

        Cli.Result noHosts = cli.run("run", "--rm", "--network", "none", "--no-hosts", "busybox", "cat", "/etc/hosts");
        assertThat(noHosts.code()).as("the image has no /etc/hosts and none is mounted").isEqualTo(1);

        Path pidFile = cli.dir().resolve("ctr.pid");
        cli.ok("create", "--name", "p", "--network", "host", "--no-hosts", "--dns-search", "foo.com",
                "--dns-option", "ndots:3", "--pidfile", pidFile.toString(), "busybox", "sleep", "300");
        cli.ok("start", "p");
        String pid = cli.ok("inspect", "--format", "{{.State.Pid}}", "p").strip();
        assertThat(Files.readString(pidFile)).as("the pid without a newline, as runc writes podman's").isEqualTo(pid);
        assertThat(cli.ok("inspect", "--format", "{{.PidFile}}|{{.HostsPath}}|{{.HostConfig.DnsSearch}}|"
                + "{{.HostConfig.DnsOptions}}", "p")).isEqualTo(pidFile + "||[foo.com]|[ndots:3]\n");
        cli.ok("rm", "-f", "-t", "0", "p");
        assertThat(pidFile).as("podman leaves it").exists();

        expectRefused(List.of("--network", "none", "--dns-search", "foo.com"),
                "Error: conflicting options: dns and the network mode: none\n");
        expectRefused(List.of("--no-hosts", "--add-host", "a:1.2.3.4"),
                "Error: --no-hosts and --add-host cannot be set together\n");
        expectRefused(List.of("--network", "none", "--network-alias", "web"),
                "Error: --network-alias can only be set when the network mode is bridge: invalid argument\n");
        expectRefused(List.of("--dns-search", "a b"), "Error: a b is not a valid domain\n");
        assertThat(cli.ok("ps", "-a", "-q")).as("nothing made by a refused create").isEmpty();
    }

    @Test
    void networkAliasIsANameOnTheBridge() {
        cli.ok("run", "-d", "--name", "web", "--network-alias", "www", "--network-alias", "api", "busybox",
                "sleep", "300");
        String id = cli.ok("inspect", "--format", "{{.Id}}", "web").substring(0, 12);
        // podman 4.3.1: "Aliases": ["www", "api", "<short id>"]
        assertThat(cli.ok("inspect", "--format", "{{json .NetworkSettings.Networks}}", "web"))
                .contains("\"Aliases\":[\"www\",\"api\",\"" + id + "\"]");
    }

    @Test
    void podCreateTakesTheDnsHostsAndAliasFlagsForItsMembers() {
        cli.ok("pod", "create", "--name", "pp", "--dns-search", "foo.com", "--dns-option", "ndots:2", "--no-hosts",
                "--network-alias", "pweb");
        // podman 4.3.1: the member sees "search foo.com", "options ndots:2" and no /etc/hosts
        Cli.Result member = cli.run("run", "--rm", "--pod", "pp", "busybox", "sh", "-c",
                "cat /etc/resolv.conf; ls /etc/hosts");
        List<String> lines = member.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("search foo.com");
        assertThat(lines.getLast()).isEqualTo("options ndots:2");
        assertThat(member.code()).as("no /etc/hosts: " + member.err()).isEqualTo(1);
        String infra = cli.ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "pp").strip();
        assertThat(cli.ok("inspect", "--format", "{{json .NetworkSettings.Networks}}", infra))
                .contains("\"Aliases\":[\"pweb\",");
        Cli.Result none = cli.run("pod", "create", "--network", "none", "--dns-search", "x.com");
        assertThat(none.code()).isEqualTo(125);
        assertThat(none.err()).isEqualTo("Error: conflicting options: dns and the network mode: none\n");
        assertThat(cli.ok("pod", "ps", "-q").lines().count()).as("nothing made by the refused pod").isEqualTo(1);
    }

    @Test
    void secretsAreMountedOrGivenAsVariables() throws Exception {
        java.nio.file.Path data = cli.dir().resolve("pw");
        java.nio.file.Files.writeString(data, "hunter2");
        cli.ok("secret", "create", "pw", data.toString());
        // podman 4.3.1: "-r--r--r-- 1 root root 7 ... pw", then the data; type=env: the data in the variable
        List<String> mounted = cli.ok("run", "--rm", "--network", "none", "--secret", "pw", "busybox", "sh", "-c",
                "ls -ln /run/secrets/pw; cat /run/secrets/pw").lines().toList();
        assertThat(mounted.getFirst()).startsWith("-r--r--r--").contains(" 0        0 ");
        assertThat(mounted.getLast()).isEqualTo("hunter2");
        assertThat(cli.ok("run", "--rm", "--network", "none", "--secret", "pw,type=env,target=PW", "busybox", "sh",
                "-c", "echo $PW")).isEqualTo("hunter2\n");
        assertThat(cli.ok("run", "--rm", "--network", "none", "--secret", "pw,target=/etc/x,mode=0400,uid=1",
                "busybox", "ls", "-ln", "/etc/x")).startsWith("-r--------").contains(" 1        0 ");
        Cli.Result nope = cli.run("create", "--secret", "nope", "busybox", "true");
        assertThat(nope.code()).isEqualTo(125);
        assertThat(nope.err()).isEqualTo("Error: no secret with name or id \"nope\": no such secret\n");
    }

    @Test
    void environmentFlagsAsPodman() {
        // podman 4.3.1 (busybox env): TERM, container, HOME, HOSTNAME but no PATH
        List<String> unset = env("--unsetenv", "PATH");
        assertThat(unset).noneMatch(l -> l.startsWith("PATH=")).contains("TERM=xterm", "HOME=/root");
        // podman 4.3.1: A=1, HOME, HOSTNAME and nothing else
        assertThat(env("--unsetenv-all", "-e", "A=1")).filteredOn(l -> !l.startsWith("HOSTNAME="))
                .containsExactlyInAnyOrder("A=1", "HOME=/root");
        // podman 4.3.1: PATH=/x:<the image's PATH>; Q, which the image lacks, is dropped
        List<String> merged = env("--env-merge", "PATH=/x:${PATH}", "--env-merge", "Q=${Q}a");
        assertThat(merged).contains("PATH=/x:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .noneMatch(l -> l.startsWith("Q="));
        assertThat(cli.ok("create", "--name", "e", "--unsetenv-all", "busybox", "true")).isNotEmpty();
        assertThat(cli.ok("inspect", "--format", "{{json .Config.Env}}", "e")).isEqualTo("[]\n");
        String hostPath = System.getenv("PATH");
        assertThat(env("--env-host")).contains("PATH=" + hostPath);
    }

    private List<String> env(String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--rm", "--network", "none"));
        args.addAll(List.of(flags));
        args.addAll(List.of("busybox", "/bin/busybox", "env"));
        return cli.ok(args.toArray(String[]::new)).lines().toList();
    }

    private void expectRefused(List<String> flags, String err) {
        List<String> args = new java.util.ArrayList<>(List.of("create"));
        args.addAll(flags);
        args.addAll(List.of("busybox", "true"));
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", flags)).isEqualTo(125);
        assertThat(r.err()).isEqualTo(err);
    }
}
