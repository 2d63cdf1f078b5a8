package dev.peapod.cli.volume;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.peapod.core.volume.Volume;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code volume ls} and {@code volume inspect} show of a volume: podman's JSON keys (Name, Driver, Mountpoint,
 * CreatedAt, Labels, Scope, Options, MountCount, NeedsCopyUp, NeedsChown) and the same names for templates.
 */
public final class VolumeRow {
    private final Volume v;

    VolumeRow(Volume v) {
        this.v = v;
    }

    /** A volume as {@code inspect --type volume} shows it. */
    public static VolumeRow inspect(Volume v) {
        return new VolumeRow(v);
    }

    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> m = new dev.peapod.core.inspect.Doc.Struct();
        m.put("Name", Name());
        m.put("Driver", Driver());
        m.put("Mountpoint", Mountpoint());
        m.put("CreatedAt", CreatedAt());
        m.put("Labels", Labels());
        m.put("Scope", Scope());
        m.put("Options", Options());
        m.put("MountCount", MountCount());
        if (NeedsCopyUp()) {
            m.put("NeedsCopyUp", true);
        }
        if (NeedsChown()) {
            m.put("NeedsChown", true);
        }
        return m;
    }

    public String Name() {
        return v.name();
    }

    public String Driver() {
        return v.config().driver();
    }

    public String Mountpoint() {
        return v.mountPoint().toString();
    }

    public String CreatedAt() {
        return v.config().created().toString();
    }

    public Map<String, String> Labels() {
        return v.config().labels();
    }

    public String Scope() {
        return "local";
    }

    public Map<String, String> Options() {
        return v.config().options();
    }

    public int MountCount() {
        return v.state().mountCount();
    }

    public boolean NeedsCopyUp() {
        return v.state().needsCopyUp();
    }

    public boolean NeedsChown() {
        return v.state().needsCopyUp();
    }

    public boolean Anonymous() {
        return v.config().anonymous();
    }
}
