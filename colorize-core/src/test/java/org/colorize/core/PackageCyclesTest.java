package org.colorize.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No package of colorize-core depends, directly or through others, on itself: the packages form
 * layers ({@code model}, {@code color}, {@code internal} at the bottom; {@code org.colorize.core}, with
 * {@code Colorizer} and its pipeline, at the top). The dependencies are read from the compiled classes
 * by jdeps, so an import that is used anywhere in code counts, and one only named in javadoc does not.
 */
class PackageCyclesTest {

    private static final String CORE = "org.colorize.core";
    /** A package line of {@code jdeps -verbose:package}: "   a.b   ->   c.d   archive". */
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)(\\s.*)?$");

    @Test
    void corePackagesHaveNoCycles() throws Exception {
        Path classes = Path.of(Colorizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> graph = packageGraph(classes, CORE);
        // The graph really was read: a few dependencies that the layering rests on are in it.
        assertEdge(graph, CORE, CORE + ".bundle");
        assertEdge(graph, CORE + ".bundle", CORE + ".model");
        assertEdge(graph, CORE + ".encoding", CORE + ".model");
        assertTrue(graph.keySet().containsAll(Set.of(CORE, CORE + ".bundle", CORE + ".encoding", CORE + ".image",
                CORE + ".color", CORE + ".model", CORE + ".internal")), graph.keySet().toString());

        List<Set<String>> cycles = cycles(graph);
        if (!cycles.isEmpty()) {
            StringBuilder sb = new StringBuilder("package cycles in colorize-core (break them; see docs/architecture.md):");
            for (Set<String> cycle : cycles) {
                sb.append("\n  ").append(cycle).append(':');
                for (String from : cycle) {
                    for (String to : graph.get(from)) {
                        if (cycle.contains(to)) {
                            sb.append("\n    ").append(from).append(" -> ").append(to);
                        }
                    }
                }
            }
            fail(sb.toString());
        }
    }

    /** The check itself: two packages that use each other's classes are reported as one cycle. */
    @Test
    void aCycleIsFound(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src"), out = dir.resolve("classes");
        write(src, "org/colorize/core/x/A.java", "package org.colorize.core.x; public class A { org.colorize.core.y.B b; }");
        write(src, "org/colorize/core/y/B.java", "package org.colorize.core.y; public class B { "
                + "public Object a() { return new org.colorize.core.z.C().a(); } }");
        write(src, "org/colorize/core/z/C.java", "package org.colorize.core.z; public class C { "
                + "public Object a() { return new org.colorize.core.x.A(); } }");
        write(src, "org/colorize/core/w/D.java", "package org.colorize.core.w; public class D { org.colorize.core.x.A a; }");
        write(src, "other/E.java", "package other; public class E { org.colorize.core.x.A a; }");
        compile(src, out);

        Map<String, Set<String>> graph = packageGraph(out, CORE);
        assertEquals(Set.of(CORE + ".w", CORE + ".x", CORE + ".y", CORE + ".z"), graph.keySet(),
                "only packages under the prefix are nodes");
        assertEquals(List.of(Set.of(CORE + ".x", CORE + ".y", CORE + ".z")), cycles(graph));

        write(src, "org/colorize/core/z/C.java", "package org.colorize.core.z; public class C { "
                + "public Object a() { return null; } }");
        compile(src, out);
        assertEquals(List.of(), cycles(packageGraph(out, CORE)), "without C -> A there is no cycle");
    }

    /** Tarjan's cycles alone: a self-loop is not a cycle; two disjoint cycles are two. */
    @Test
    void cyclesOfAGraph() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", new TreeSet<>(List.of("b", "a")));
        g.put("b", new TreeSet<>(List.of("c")));
        g.put("c", new TreeSet<>(List.of("a", "d")));
        g.put("d", new TreeSet<>(List.of("e")));
        g.put("e", new TreeSet<>(List.of("d")));
        g.put("f", new TreeSet<>(List.of("a")));
        assertEquals(List.of(Set.of("a", "b", "c"), Set.of("d", "e")), cycles(g));
        g.get("c").remove("a");
        g.get("e").clear();
        assertEquals(List.of(), cycles(g));
    }

    private static void assertEdge(Map<String, Set<String>> graph, String from, String to) {
        assertTrue(graph.getOrDefault(from, Set.of()).contains(to), "expected " + from + " -> " + to + " in " + graph);
    }

    /**
     * @return every package under {@code prefix} in {@code classes} (a folder or jar), with the packages
     *     under the prefix that its classes use (not itself)
     */
    static Map<String, Set<String>> packageGraph(Path classes, String prefix) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("jdeps is not in this JDK (module jdk.jdeps)"));
        StringWriter out = new StringWriter(), err = new StringWriter();
        // -filter:none: by default jdeps leaves out the dependencies inside one archive, the ones wanted here.
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                classes.toString());
        assertEquals(0, rc, () -> "jdeps failed: " + err + out);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches() && under(m.group(1), prefix)) {
                Set<String> to = graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                if (under(m.group(2), prefix) && !m.group(2).equals(m.group(1))) {
                    to.add(m.group(2));
                }
            }
        }
        return graph;
    }

    private static boolean under(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    /** @return the strongly connected components of more than one package, each sorted, in order of their first package */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] next = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, found, next);
            }
        }
        found.sort((a, b) -> a.iterator().next().compareTo(b.iterator().next()));
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]);
        next[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    private static void write(Path root, String file, String text) throws Exception {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void compile(Path src, Path out) throws Exception {
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-sourcepath", src.toString()));
        try (var files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, args.toArray(String[]::new));
        assertEquals(0, rc, err::toString);
    }
}
