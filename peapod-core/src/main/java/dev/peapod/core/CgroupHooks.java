package dev.peapod.core;

import dev.peapod.core.cgroup.CgroupManager;
import dev.peapod.core.pod.PodConfig;

/** Pod cgroup life cycle, implemented over the cgroup manager; a no-op where cgroups are not managed. */
interface CgroupHooks {
    /** Makes sure the pod's cgroup exists with its limits. */
    void create(PodConfig pod, String path);

    /** Removes the pod's cgroup if it is empty. */
    void remove(String path);

    /** Pod cgroups through a cgroupfs manager, with the pod's CPU and memory limits. */
    static CgroupHooks over(CgroupManager manager) {
        return new CgroupHooks() {
            @Override
            public void create(PodConfig pod, String path) {
                manager.create(path);
                if (pod.cpus() > 0 || pod.memoryBytes() > 0) {
                    manager.setLimits(path, new CgroupManager.Limits(
                            pod.cpus() > 0 ? pod.cpus() : null, pod.memoryBytes() > 0 ? pod.memoryBytes() : null));
                }
            }

            @Override
            public void remove(String path) {
                manager.remove(path);
            }
        };
    }

    CgroupHooks NONE = new CgroupHooks() {
        @Override
        public void create(PodConfig pod, String path) {
        }

        @Override
        public void remove(String path) {
        }
    };
}
