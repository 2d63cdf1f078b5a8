package dev.peapod.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peapod.core.define.StateCorruptException;
import dev.peapod.core.container.ContainerConfig;
import dev.peapod.core.container.ContainerState;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.pod.PodConfig;
import dev.peapod.core.pod.PodState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    static final String ID = "a".repeat(64);

    @Test
    void roundTripsEveryRecord() {
        PodConfig p = StateContractTest.fullPod();
        ContainerConfig c = StateContractTest.fullCtr(p, "b".repeat(64));
        ContainerState rs = StateContractTest.fullRunState();
        PodState ps = new PodState("/cg", "c".repeat(64));
        assertThat(StateJson.readPodConfig(StateJson.write(p), "p")).isEqualTo(p);
        assertThat(StateJson.readContainerConfig(StateJson.write(c), "c")).isEqualTo(c);
        assertThat(StateJson.readContainerRunState(StateJson.write(rs), "rs")).isEqualTo(rs);
        assertThat(StateJson.readPodState(StateJson.write(ps), "ps")).isEqualTo(ps);
    }

    @Test
    void writesReadableJsonNamedAsTheRecordComponents() {
        String json = StateJson.write(ContainerState.configured().withStarted(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(json).contains("\"state\":\"RUNNING\"", "\"startedAt\":\"2026-01-01T00:00:00Z\"",
                "\"finishedAt\":null", "\"exitCode\":-1");
    }

    @Test
    void unknownKeysAreIgnoredAndAbsentOnesDefault() {
        String json = "{\"id\":\"" + ID + "\",\"name\":\"x\",\"stopSignal\":15,\"stopTimeout\":10,"
                + "\"future\":{\"nested\":\"ok\"},\"alsoFuture\":[\"a\"],\"created\":\"2026-01-01T00:00:00Z\"}";
        ContainerConfig c = StateJson.readContainerConfig(json, "c");
        assertThat(c.id()).isEqualTo(ID);
        assertThat(c.env()).isEmpty();
        assertThat(c.podId()).isNull();
        assertThat(c.autoRemove()).isFalse();
        assertThat(StateJson.readPodState("{}", "ps")).isEqualTo(PodState.empty());
        PodConfig old = StateJson.readPodConfig("{\"id\":\"" + ID + "\",\"name\":\"old\",\"cpus\":0,"
                + "\"memoryBytes\":0}", "pod written before networking");
        assertThat(old.network()).isEqualTo(dev.peapod.core.network.PodNetworkConfig.NONE);
        assertThat(StateJson.readContainerRunState("{\"state\":\"EXITED\",\"pid\":0,\"conmonPid\":0,"
                + "\"exitCode\":3,\"restartCount\":0}", "rs").state()).isEqualTo(ContainerStatus.EXITED);
    }

    @Test
    void malformedJsonIsStateCorruption() {
        for (String bad : new String[] {"", "[]", "{\"state\":", "{\"state\":\"NOPE\",\"pid\":0}",
            "{\"state\":\"RUNNING\",\"pid\":\"x\"}", "{} trailing", "{\"state\":\"RUNNING\",\"pid\":1,\"conmonPid\":0,\"exitCode\":0,\"restartCount\":0,"
                + "\"startedAt\":\"yesterday\"}"}) {
            assertThatThrownBy(() -> StateJson.readContainerRunState(bad, "state of container X"))
                    .as(bad).isInstanceOf(StateCorruptException.class).hasMessageContaining("container X");
        }
        assertThatThrownBy(() -> StateJson.readPodConfig("{\"id\":\"short\",\"name\":\"p\"}", "pod P"))
                .isInstanceOf(StateCorruptException.class).hasMessageContaining("pod P");
    }
}
