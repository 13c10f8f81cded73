package dev.noiseshield.run;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * What every plugin registry does (attack kinds, defenses, noise layers): finds the plugins of one
 * service type on the class path with {@link ServiceLoader}, collects what each adds by name, in
 * the order the plugins list them (the built-in ones, registered the same way, first), and turns a
 * plugin that cannot be loaded, or adds a name another has already, into one line naming its jar
 * and class.
 *
 * @param <P> the service type a plugin jar implements ({@code AttackPlugin}, ...)
 * @param <K> what one plugin adds ({@code AttackKind}, ...)
 */
public final class Plugins<P, K> {
    private final Class<P> service;
    private final String what;
    private final Function<P, List<K>> added;
    private final Function<K, String> name;
    private volatile Map<String, K> found;

    /**
     * A registry, loaded on first use.
     *
     * @param service the service type plugins implement
     * @param what what the plugins add, for messages ("attack", "defense")
     * @param added what one plugin adds
     * @param name the name of one thing added, as the command line gives it
     */
    public Plugins(
            Class<P> service, String what, Function<P, List<K>> added, Function<K, String> name) {
        this.service = service;
        this.what = what;
        this.added = added;
        this.name = name;
    }

    /** Everything the plugins add, by lower-case name. */
    public Map<String, K> all() {
        Map<String, K> all = found;
        if (all == null) {
            synchronized (this) {
                if (found == null) {
                    found = Collections.unmodifiableMap(load());
                }
                all = found;
            }
        }
        return all;
    }

    /** The thing of that name (case-insensitive), if a plugin adds it. */
    public java.util.Optional<K> find(String wanted) {
        return java.util.Optional.ofNullable(all().get(wanted.toLowerCase(Locale.ROOT)));
    }

    /** The thing of that name (case-insensitive); an unknown one names every one there is. */
    public K of(String wanted) {
        K kind = find(wanted).orElse(null);
        if (kind == null) {
            throw new IllegalArgumentException(
                    "unknown " + what + " '" + wanted + "'; choose one of " + all().keySet());
        }
        return kind;
    }

    private Map<String, K> load() {
        Map<String, K> out = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        Iterator<P> plugins = ServiceLoader.load(service, service.getClassLoader()).iterator();
        while (true) {
            P plugin;
            try {
                if (!plugins.hasNext()) {
                    break;
                }
                plugin = plugins.next();
            } catch (ServiceConfigurationError e) {
                throw new PluginException(
                        what + " plugin " + culprit(e) + " cannot be loaded: " + reason(e), e);
            }
            String where = where(plugin.getClass());
            for (K kind : added.apply(plugin)) {
                String key = name.apply(kind).toLowerCase(Locale.ROOT);
                if (out.containsKey(key)) {
                    throw new PluginException(
                            String.format(
                                    "%s plugin %s (%s) adds '%s', which %s has already",
                                    what, where, plugin.getClass().getName(), key, from.get(key)));
                }
                out.put(key, kind);
                from.put(key, where);
            }
        }
        return out;
    }

    /**
     * The jar whose {@code META-INF/services} file names the class the error is about, and the
     * class: what a user needs to find the plugin at fault.
     */
    private String culprit(ServiceConfigurationError e) {
        String message = String.valueOf(e.getMessage());
        try {
            var files =
                    service.getClassLoader().getResources("META-INF/services/" + service.getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                try (var in = file.openStream()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    for (String line : text.lines().toList()) {
                        String named = line.replaceFirst("#.*", "").trim();
                        if (!named.isEmpty() && message.contains(named)) {
                            return jarOf(file) + " (" + named + ")";
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the message below still names the class
        }
        return "(a jar on the class path)";
    }

    /** The cause's words where the error wraps one (a constructor that threw, a missing class). */
    private String reason(ServiceConfigurationError e) {
        String own =
                String.valueOf(e.getMessage()).replaceFirst("^" + service.getName() + ": ", "");
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
    private static String where(Class<?> c) {
        var source = c.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
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
