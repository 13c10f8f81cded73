package dev.noiseshield.attack;

import java.net.URL;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The registry of attack kinds: the built-in ones and every plugin's on the class path ({@link
 * AttackPlugin}), found once with {@link ServiceLoader}, by name, in the order the plugins list
 * them (the built-in ones first).
 */
public final class AttackKinds {
    private AttackKinds() {}

    private static volatile Map<String, AttackKind> kinds;

    /** Every kind by name. */
    public static Map<String, AttackKind> all() {
        Map<String, AttackKind> found = kinds;
        if (found == null) {
            synchronized (AttackKinds.class) {
                if (kinds == null) {
                    kinds = Collections.unmodifiableMap(load());
                }
                found = kinds;
            }
        }
        return found;
    }

    /** The kind of that name (case-insensitive); an unknown one names every kind there is. */
    public static AttackKind of(String name) {
        AttackKind kind = all().get(name.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new IllegalArgumentException(
                    "unknown attack '" + name + "'; choose one of " + all().keySet());
        }
        return kind;
    }

    private static Map<String, AttackKind> load() {
        Map<String, AttackKind> out = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        Iterator<AttackPlugin> plugins =
                ServiceLoader.load(AttackPlugin.class, AttackKinds.class.getClassLoader())
                        .iterator();
        while (true) {
            AttackPlugin plugin;
            try {
                if (!plugins.hasNext()) {
                    break;
                }
                plugin = plugins.next();
            } catch (ServiceConfigurationError e) {
                throw new PluginException(
                        "attack plugin " + culprit(e) + " cannot be loaded: " + reason(e), e);
            }
            for (AttackKind kind : plugin.kinds()) {
                String name = kind.name();
                String where = where(plugin.getClass());
                if (out.containsKey(name)) {
                    throw new PluginException(
                            "attack plugin "
                                    + where
                                    + " ("
                                    + plugin.getClass().getName()
                                    + ") adds '"
                                    + name
                                    + "', which "
                                    + from.get(name)
                                    + " has already");
                }
                out.put(name, kind);
                from.put(name, where);
            }
        }
        return out;
    }

    /**
     * The jar whose {@code META-INF/services} file names the class the error is about, and the
     * class: what a user needs to find the plugin at fault.
     */
    private static String culprit(ServiceConfigurationError e) {
        String message = String.valueOf(e.getMessage());
        try {
            var files =
                    AttackKinds.class
                            .getClassLoader()
                            .getResources("META-INF/services/" + AttackPlugin.class.getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                try (var in = file.openStream()) {
                    for (String line :
                            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                                    .lines()
                                    .toList()) {
                        String name = line.replaceFirst("#.*", "").trim();
                        if (!name.isEmpty() && message.contains(name)) {
                            return jarOf(file) + " (" + name + ")";
                        }
                    }
                }
            }
        } catch (java.io.IOException ignored) {
            // the message below still names the class
        }
        return "(a jar on the class path)";
    }

    /** The cause's words where the error wraps one (a constructor that threw, a missing class). */
    private static String reason(ServiceConfigurationError e) {
        String own =
                String.valueOf(e.getMessage())
                        .replaceFirst("^" + AttackPlugin.class.getName() + ": ", "");
        Throwable cause = e.getCause();
        return cause == null ? own : own + " (" + cause + ")";
    }

    /** The jar (or folder) of a resource's URL. */
    private static String jarOf(URL resource) {
        String s = resource.toString();
        int bang = s.indexOf("!/");
        if (s.startsWith("jar:") && bang > 0) {
            s = s.substring(4, bang);
        }
        return s.replaceFirst("^file:", "");
    }

    /** The jar or folder a class was loaded from, for messages. */
    static String where(Class<?> c) {
        URL location =
                c.getProtectionDomain().getCodeSource() == null
                        ? null
                        : c.getProtectionDomain().getCodeSource().getLocation();
        return location == null ? "(unknown jar)" : location.getPath();
    }

    /** A plugin that cannot be loaded or clashes with another: one line naming jar and class. */
    public static final class PluginException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PluginException(String message, Throwable cause) {
            super(message, cause);
        }

        PluginException(String message) {
            super(message);
        }
    }
}
