package org.colorize.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles as written, against the classpath
 * of a user who depends on colorize-pretrained and colorize-training. A snippet's own {@code import}
 * lines are its imports (nothing is imported for it); the rest becomes the body of a method. A line
 * {@code // given: Type name} declares a variable the surrounding text provides (a parameter of that
 * method). A snippet that starts with a {@code package} line is a whole file, compiled as it is. A
 * snippet whose first line is {@code // not compiled: REASON} is skipped, with its reason.
 */
class DocSnippetsTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern GIVEN = Pattern.compile("^\\s*//\\s*given:\\s*(.+?)\\s*$");
    private static final String OPT_OUT = "// not compiled:";
    /** Snippets may opt out only when deliberately partial; keep these few. */
    private static final int MAX_OPT_OUTS = 2;

    @TempDir
    Path classes;

    /** A snippet: where it is, its imports, its given variables and its statements. */
    record Snippet(String where, List<String> imports, List<String> given, String body) {

        private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public (?:final )?class (\\w+)");

        /** A snippet that starts with a {@code package} line is a whole source file, compiled as it is. */
        boolean wholeFile() {
            return body.strip().startsWith("package ");
        }

        String className() {
            Matcher m = PUBLIC_CLASS.matcher(body);
            return wholeFile() && m.find() ? m.group(1) : "Snippet_" + where.replaceAll("[^A-Za-z0-9]", "_");
        }

        String fileName() {
            return (wholeFile() ? where.replaceAll("[^A-Za-z0-9]", "_") + "/" : "snippets/") + className() + ".java";
        }

        String source() {
            if (wholeFile()) {
                return body;
            }
            return "package snippets;\n" + String.join("\n", imports) + "\n\nclass " + className()
                    + " {\n    void run(" + String.join(", ", given) + ") throws Exception {\n" + body + "\n    }\n}\n";
        }
    }

    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("README.md")) && Files.isDirectory(here.resolve("docs")) ? here
                : here.getParent();
    }

    /** Parses the snippets of one Markdown text; opted-out ones are added to {@code optedOut}. */
    static List<Snippet> snippets(String name, String markdown, List<String> optedOut) {
        List<Snippet> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        int n = 0;
        while (m.find()) {
            n++;
            int line = 1 + (int) markdown.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            String where = name + ":" + line;
            String code = m.group(1);
            if (code.strip().startsWith(OPT_OUT)) {
                String reason = code.strip().lines().findFirst().orElse("").substring(OPT_OUT.length()).strip();
                assertFalse(reason.isEmpty(), where + ": an opted-out snippet says why");
                optedOut.add(where + ": " + reason);
                continue;
            }
            List<String> imports = new ArrayList<>(), given = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            if (code.strip().startsWith("package ")) {
                out.add(new Snippet(where, List.of(), List.of(), code));
                continue;
            }
            for (String l : code.split("\n", -1)) {
                Matcher g = GIVEN.matcher(l);
                if (l.startsWith("import ")) {
                    imports.add(l);
                } else if (g.matches()) {
                    given.add(g.group(1).replaceAll("\\s*\\(.*\\)$", "")); // "Type name (explanation)"
                } else {
                    body.append("        ").append(l).append('\n');
                }
            }
            out.add(new Snippet(where, imports, given, body.toString()));
        }
        return out;
    }

    /** Compiles the snippets; returns the errors, each naming its snippet's file and line. */
    private List<String> compile(List<Snippet> snippets) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "a JDK (not a JRE) runs the tests");
        List<JavaFileObject> sources = new ArrayList<>();
        for (Snippet s : snippets) {
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + s.fileName()),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.source();
                }
            });
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        javac.getTask(log, null, diagnostics, List.of("-classpath", cp, "-d", classes.toString(), "-proc:none",
                "--release", "17"), null, sources).call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String cls = d.getSource() == null ? "?" : d.getSource().getName();
                String where = snippets.stream().filter(s -> cls.endsWith(s.fileName())).map(Snippet::where)
                        .findFirst().orElse(cls);
                errors.add(where + " (wrapped line " + d.getLineNumber() + "): " + d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    @Test
    void everyJavaSnippetInTheDocsCompiles() throws IOException {
        Path root = projectRoot();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Snippet> all = new ArrayList<>();
        List<String> optedOut = new ArrayList<>();
        for (Path f : files) {
            all.addAll(snippets(root.relativize(f).toString(), Files.readString(f), optedOut));
        }
        assertTrue(all.size() >= 8, "found the docs' snippets: " + all.size());
        assertTrue(optedOut.size() <= MAX_OPT_OUTS, "few opt-outs: " + optedOut);
        List<String> errors = compile(all);
        if (!errors.isEmpty()) {
            fail(errors.size() + " compile errors in the docs' snippets:\n" + String.join("\n", errors));
        }
        System.out.println("doc snippets: " + all.size() + " compiled, " + optedOut.size() + " not compiled " + optedOut);
    }

    /** The harness itself: a wrong snippet is reported with its place; a missing import is an error. */
    @Test
    void aBrokenSnippetIsReportedWithItsPlace() throws IOException {
        String md = "text\n```java\nimport java.nio.file.Path;\n// given: String name (a file name)\n"
                + "Path p = Path.of(name);\n```\n\n```java\nList<String> l = List.of();   // no import\n```\n"
                + "```java\n// not compiled: deliberately partial\n...\n```\n";
        List<String> optedOut = new ArrayList<>();
        List<Snippet> s = snippets("x.md", md, optedOut);
        assertEquals(2, s.size());
        assertEquals(List.of("x.md:11: deliberately partial"), optedOut);
        assertEquals(List.of("String name"), s.get(0).given());
        List<String> errors = compile(s);
        assertEquals(1, errors.stream().map(e -> e.substring(0, e.indexOf(' '))).distinct().count(), errors.toString());
        assertTrue(errors.get(0).startsWith("x.md:8 "), errors.toString());
    }
}
