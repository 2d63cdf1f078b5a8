package dev.peapod.core.state;

import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InUseException;
import dev.peapod.core.define.InvalidArgumentException;
import java.util.List;

/** The error messages both state implementations share, so that they fail alike. */
final class StateMessages {
    private StateMessages() {
    }

    static String idTaken(String kind, String id, String ownerKind) {
        return "cannot add " + kind + " with id " + id + ": the id is already used by a " + ownerKind;
    }

    static String nameTaken(String kind, String name, String ownerKind, String ownerId) {
        return "the name \"" + name + "\" is already in use by " + ownerKind + " " + Ids.shortId(ownerId)
                + ": choose another name for the " + kind + " or remove that " + ownerKind;
    }

    /**
     * podman's words, which scripts match: {@code no container with name or ID "x" found: no such container},
     * {@code no pod with name or ID x found: no such pod}.
     */
    static String noSuch(String kind, String nameOrId, String namespace) {
        String name = kind.equals("pod") ? nameOrId : "\"" + nameOrId + "\"";
        return "no " + kind + " with name or ID " + name + " found"
                + (namespace.isEmpty() ? "" : " in namespace \"" + namespace + "\"") + ": no such " + kind;
    }

    static InvalidArgumentException ambiguous(String kind, String prefix, List<String> matches) {
        return new InvalidArgumentException("the " + kind + " id prefix \"" + prefix + "\" is ambiguous: it matches "
                + matches.size() + " " + kind + "s " + matches + "; give more characters of the id or the name");
    }

    static InvalidArgumentException depInOtherPod(String name, String podId, String depName, String depPodId) {
        return new InvalidArgumentException("container " + name + " is in pod " + Ids.shortId(podId)
                + " but depends on container " + depName + ", which is "
                + (depPodId == null ? "not in a pod" : "in pod " + Ids.shortId(depPodId))
                + ": a container in a pod may only depend on containers of the same pod");
    }

    static InUseException hasDependents(String name, List<String> dependents) {
        return new InUseException("container " + name + " has dependent containers which must be removed before it: "
                + String.join(", ", dependents));
    }
}
