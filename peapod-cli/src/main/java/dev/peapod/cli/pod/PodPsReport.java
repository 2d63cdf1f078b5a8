package dev.peapod.cli.pod;

import dev.peapod.core.Container;
import dev.peapod.core.Pod;
import dev.peapod.core.PodListing;
import dev.peapod.core.define.ContainerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pod as {@code pod ps --format json} prints it, with podman's field names.
 *
 * @param cgroup     the cgroup parent
 * @param containers the pod's containers
 * @param created    creation time
 * @param id         full pod id
 * @param infraId    the infra container's full id, "" for none
 * @param name       pod name
 * @param namespace  libpod namespace
 * @param networks   networks the pod is connected to
 * @param status     Created, Running, Degraded, Paused, Stopped, Exited or Error
 * @param labels     user labels
 */
public record PodPsReport(String cgroup, List<Member> containers, Instant created, String id, String infraId,
                          String name, String namespace, List<String> networks, String status,
                          Map<String, String> labels) {

    /**
     * A member container.
     *
     * @param id           full id
     * @param names        its name
     * @param status       its state as podman names it (created, running, exited...)
     * @param restartCount restarts so far (templates' {@code .RestartCount}; not a key of podman 4.3's JSON)
     */
    public record Member(String id, String names, String status,
                         @com.fasterxml.jackson.annotation.JsonIgnore int restartCount) {
    }

    /**
     * A pod's report from its listing (its members' current states).
     *
     * @param defaultCgroupParent shown when the pod has no cgroup parent of its own
     */
    static PodPsReport of(PodListing listing, String defaultCgroupParent) {
        Pod pod = listing.pod();
        List<Member> members = new ArrayList<>();
        List<ContainerStatus> states = new ArrayList<>();
        for (Container c : listing.containers()) {
            var s = c.lastKnownState();
            states.add(s.state());
            members.add(new Member(c.id(), c.name(), s.state().displayName(), s.restartCount()));
        }
        String status = dev.peapod.core.pod.PodStatus.of(states).displayName();
        return new PodPsReport(pod.cgroupParent().isEmpty() ? defaultCgroupParent : pod.cgroupParent(), members,
                pod.createdTime(), pod.id(), pod.infraContainerId(), pod.name(), pod.namespace(), pod.config().network().networks(), status,
                pod.labels());
    }
}
