package dev.peapod.core.kube;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of a bound document that the typed model does not know (fabric8 keeps them in each object's
 * {@code additionalProperties}), as JSON pointers, so that play can warn about each by name.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    /** Adds the pointer of every unknown field under {@code model} (which sits at {@code pointer}) to {@code out}. */
    static void find(Object model, String pointer, List<String> out) {
        if (model == null) {
            return;
        }
        if (model instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                find(list.get(i), pointer + "/" + i, out);
            }
            return;
        }
        if (model instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (isModel(e.getValue()) || e.getValue() instanceof List<?>) {
                    find(e.getValue(), pointer + "/" + e.getKey(), out);
                }
            }
            return;
        }
        if (!isModel(model)) {
            return;
        }
        Object extra = invoke(model, "getAdditionalProperties");
        if (extra instanceof Map<?, ?> m) {
            for (Object key : m.keySet()) {
                out.add(pointer + "/" + key);
            }
        }
        BeanDescription desc = KubeYaml.MAPPER.getSerializationConfig()
                .introspect(KubeYaml.MAPPER.constructType(model.getClass()));
        for (BeanPropertyDefinition p : desc.findProperties()) {
            AnnotatedMember getter = p.getAccessor();
            if (getter == null || p.getName().equals("additionalProperties")) {
                continue;
            }
            Object value;
            try {
                getter.fixAccess(true);
                value = getter.getValue(model);
            } catch (RuntimeException e) {
                continue;
            }
            if (isModel(value) || value instanceof List<?> || value instanceof Map<?, ?>) {
                find(value, pointer + "/" + p.getName(), out);
            }
        }
    }

    private static boolean isModel(Object o) {
        return o != null && o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")
                && !o.getClass().isEnum();
    }

    private static Object invoke(Object o, String name) {
        try {
            Method m = o.getClass().getMethod(name);
            return m.invoke(o);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
