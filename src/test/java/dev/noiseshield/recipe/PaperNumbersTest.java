package dev.noiseshield.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The recipes against the papers' numbers as printed (docs/papers/reported-numbers.md, a copy of
 * shared/papers/reported-numbers.md): every number of the PNI paper's Tables 1 to 6 and of the RSE
 * paragraphs (its authors' logs and its abstract) is in exactly one recipe, at its cell, with the
 * value and the +- printed; no recipe names a cell the file lacks. The numbers are read from the
 * file here (its Markdown tables, and its prose by the sentences' shapes), never typed a second
 * time. Not read: Table 7's checklist (in every reproduction's page).
 */
class PaperNumbersTest {
    private static final Path FILE = Path.of("docs/papers/reported-numbers.md");

    /**
     * Cells no recipe can reproduce yet, and why: the test fails when one becomes covered (remove
     * it here) or another goes missing.
     */
    private static final Map<String, String> NOT_YET =
            Map.of(
                    "Table 6 | RSE (ResNeXt)",
                    "another paper's number as the PNI paper quotes it (the issue asks for Table"
                            + " 6's ResNet-20 4x rows)",
                    "Table 6 | Adv-BNN (VGG-16)",
                    "another paper's number, quoted",
                    "Table 6 | PixelDP (WRN-28-10, L = 0.1)",
                    "another paper's number, quoted",
                    "RSE abstract | best earlier defense",
                    "a defense of another paper, as the RSE abstract quotes it");

    /** A printed number and its +-, if any, with the decimals printed. */
    record Printed(BigDecimal value, BigDecimal std) {
        static Printed of(String value, String std) {
            return new Printed(new BigDecimal(value), std == null ? null : new BigDecimal(std));
        }
    }

    @Test
    void everyNumberOfTheFileIsInExactlyOneRecipe() throws Exception {
        Map<String, Printed> cells = all(Files.readAllLines(FILE));
        assertTrue(cells.size() > 100, "the tables were read: " + cells.size() + " cells");
        Map<String, List<String>> where = new LinkedHashMap<>();
        Map<String, Recipe.Reported> reported = new LinkedHashMap<>();
        for (String name : Recipe.BUILT_IN) {
            for (Recipe.Reported r : Recipe.load(name).reported()) {
                where.computeIfAbsent(r.cell(), c -> new ArrayList<>()).add(name);
                reported.put(r.cell(), r);
            }
        }
        TreeSet<String> missing = new TreeSet<>();
        for (Map.Entry<String, Printed> cell : cells.entrySet()) {
            List<String> recipes = where.getOrDefault(cell.getKey(), List.of());
            if (recipes.isEmpty()) {
                missing.add(cell.getKey());
                continue;
            }
            assertEquals(1, recipes.size(), cell.getKey() + " in " + recipes);
            Recipe.Reported r = reported.get(cell.getKey());
            // BigDecimal's equals compares the decimals too: 71.00 is not 71.0
            assertEquals(cell.getValue(), new Printed(r.value(), r.std()), cell.getKey());
        }
        TreeSet<String> missingRows = new TreeSet<>();
        for (String cell : missing) {
            String row = cell.substring(0, cell.indexOf(" | ", cell.indexOf(" | ") + 3));
            assertTrue(NOT_YET.containsKey(row), "no recipe has " + cell);
            missingRows.add(row);
        }
        assertEquals(new TreeSet<>(NOT_YET.keySet()), missingRows, "covered now: update NOT_YET");
        for (String cell : where.keySet()) {
            if (cell.matches("(Table [1-6]|RSE \\w+) \\|.*")) {
                assertTrue(cells.containsKey(cell), "a recipe names " + cell + ", not in the file");
            }
        }
    }

    @Test
    void theTablesAreReadAsPrinted() throws Exception {
        Map<String, Printed> cells = tables(Files.readAllLines(FILE), List.of(1, 2, 3));
        assertEquals(Printed.of("45.94", "0.11"), cells.get("Table 2 | PNI-W | PGD"));
        assertEquals(
                Printed.of("83.84", null),
                cells.get("Table 2 | vanilla adversarial training | clean (off)"));
        assertFalse(
                cells.containsKey("Table 2 | vanilla adversarial training | clean"),
                "- is no number");
        assertEquals(Printed.of("40.8", null), cells.get("Table 3 | ResNet-44 | vanilla AT | PGD"));
        assertEquals(Printed.of("658586", null), cells.get("Table 3 | ResNet-44 | parameters"));
        Map<String, Printed> six = tableSix(Files.readAllLines(FILE));
        assertEquals(Printed.of("49.1", "0.3"), six.get("Table 6 | PNI-W ResNet-20 4x | PGD"));
        assertEquals(
                Printed.of("25", null), six.get("Table 6 | PixelDP (WRN-28-10, L = 0.1) | PGD"));
        assertEquals(10, six.size(), six.toString());
    }

    @Test
    void theProseIsReadAsPrinted() throws Exception {
        Map<String, Printed> cells = all(Files.readAllLines(FILE));
        assertEquals(Printed.of("0.12", null), cells.get("Table 4 | ResNet-18 | no defense"));
        assertEquals(Printed.of("1.95", "0.02"), cells.get("Table 4 | ResNet-20 4x | PNI-W"));
        assertEquals(Printed.of("2.62", "0.04"), cells.get("Table 4 | ResNet-18 | PNI-W"));
        assertEquals(Printed.of("74.92", null), cells.get("Table 5 | PNI-W+A-a | B=>A"));
        assertEquals(Printed.of("50.00", null), cells.get("Table 5 | PNI-W+A-a | ZOO"));
        assertEquals(Printed.of("0.219", null), cells.get("RSE logs | RSE | C&W c = 0.06 mean L2"));
        assertEquals(Printed.of("5.06", null), cells.get("RSE logs | undefended | C&W c = 0.06"));
        assertEquals(
                Printed.of("10", null),
                cells.get("RSE abstract | undefended VGG-16 | C&W (below)"));
        List<String> lines = Files.readAllLines(FILE);
        assertEquals(6, tableFour(lines).size(), "Table 4: two models, three columns");
        assertEquals(9, tableFive(lines).size(), "Table 5: three pairs, three numbers");
        assertEquals(10, rse(lines).size(), "RSE: six logged numbers, four of the abstract");
        Map<String, Printed> scales = tableOneScales(lines);
        assertEquals(10, scales.size(), "Table 1: five named scales, two ranges, one divergence");
        assertEquals(
                Printed.of("5.856", null),
                scales.get(
                        "Table 1 | PNI-W + adversarial training, noise off while generating the"
                                + " adversarial example | scale conv1.3"));
    }

    /** Every number the file prints that this test reads, by its cell. */
    static Map<String, Printed> all(List<String> lines) {
        Map<String, Printed> cells = tables(lines, List.of(1, 2, 3));
        cells.putAll(tableSix(lines));
        cells.putAll(tableOneScales(lines));
        cells.putAll(tableFour(lines));
        cells.putAll(tableFive(lines));
        cells.putAll(rse(lines));
        return cells;
    }

    /**
     * Table 1's converged scales, printed as prose: "with PNI in generation the front layers keep
     * large scales (NAME v, ...), later layers a-b; without PNI in generation NAME diverges to v;
     * vanilla training drives every scale to a-b", each part in the row of Table 1 whose name says
     * the same.
     */
    static Map<String, Printed> tableOneScales(List<String> lines) {
        String text = String.join(" ", paragraph(lines, "Table 1 also lists"));
        List<String> rows = new ArrayList<>();
        tables(lines, List.of(1)).keySet().stream()
                .map(c -> c.substring(0, c.lastIndexOf(" | ")))
                .filter(r -> !rows.contains(r))
                .forEach(rows::add);
        String on = row(rows, "noise on in generation");
        String off = row(rows, "noise off while generating");
        String vanilla = row(rows, "vanilla training");
        Matcher front =
                Pattern.compile(
                                ".*with PNI in generation the front layers keep large scales"
                                        + " \\(([^)]*)\\), later layers ([0-9.]+)-([0-9.]+);"
                                        + " without PNI in generation (\\S+) diverges to"
                                        + " ([0-9.]+); vanilla training drives every scale to"
                                        + " ([0-9.]+)-([0-9]+\\.[0-9]+).*")
                        .matcher(text);
        assertTrue(front.matches(), text);
        Map<String, Printed> cells = new LinkedHashMap<>();
        for (String layer : front.group(1).split(", ", -1)) {
            String[] nameValue = layer.split(" ", -1);
            cells.put(on + " | scale " + nameValue[0], number(nameValue[1]));
        }
        cells.put(on + " | least scale of the later layers", number(front.group(2)));
        cells.put(on + " | largest scale of the later layers", number(front.group(3)));
        cells.put(off + " | scale " + front.group(4), number(front.group(5)));
        cells.put(vanilla + " | least scale", number(front.group(6)));
        cells.put(vanilla + " | largest scale", number(front.group(7)));
        return cells;
    }

    /** The one row whose name contains {@code words}. */
    private static String row(List<String> rows, String words) {
        List<String> found = rows.stream().filter(r -> r.contains(words)).toList();
        assertEquals(1, found.size(), words + " in " + rows);
        return found.get(0);
    }

    /**
     * Table 4, printed as "MODEL: NAME v, NAME v +- s; MODEL: v, v, v +- s": each group a row, the
     * first group's names the columns of every group.
     */
    static Map<String, Printed> tableFour(List<String> lines) {
        String text = String.join(" ", paragraph(lines, "Table 4 "));
        String groups = text.substring(text.indexOf("): ") + 3).replaceFirst("\\.$", "");
        Pattern item = Pattern.compile("(?:([^0-9].*?) )?([0-9.]+(?: \\+- [0-9.]+)?)");
        List<String> columns = new ArrayList<>();
        Map<String, Printed> cells = new LinkedHashMap<>();
        for (String group : groups.split("; ", -1)) {
            String model = group.substring(0, group.indexOf(": "));
            String[] items = group.substring(group.indexOf(": ") + 2).split(", ", -1);
            for (int i = 0; i < items.length; i++) {
                Matcher m = item.matcher(items[i].strip());
                assertTrue(m.matches(), "a Table 4 entry: " + items[i]);
                if (m.group(1) != null) {
                    columns.add(m.group(1));
                }
                cells.put("Table 4 | " + model + " | " + columns.get(i), number(m.group(2)));
            }
        }
        return cells;
    }

    /** Table 5, printed as "...: NAME a / b, ZOO z%; ...": A=>B, B=>A and ZOO of each row. */
    static Map<String, Printed> tableFive(List<String> lines) {
        String text = String.join(" ", paragraph(lines, "Table 5 "));
        return proseEntries(
                "Table 5",
                text.substring(text.lastIndexOf(": ") + 2),
                Pattern.compile("(.+?) ([0-9.]+) / ([0-9.]+), ZOO ([0-9.]+)%"),
                "A=>B",
                "B=>A",
                "ZOO");
    }

    /** The RSE section's two sentences of numbers: its authors' logs and its abstract. */
    static Map<String, Printed> rse(List<String> lines) {
        String text = String.join(" ", paragraph(lines, "Abstract: VGG-16"));
        Matcher a =
                Pattern.compile(
                                ".*?([0-9.]+)% clean undefended; .* falls below ([0-9.]+)%, the"
                                    + " best earlier defense keeps ([0-9.]+)%, RSE ([0-9.]+)%.*")
                        .matcher(text);
        assertTrue(a.matches(), text);
        Matcher l =
                Pattern.compile(
                                ".*RSE clean ([0-9.]+)% \\(undefended ([0-9.]+)%\\); (C&W at c ="
                                        + " [0-9.]+): RSE ([0-9.]+)% at mean L2 ([0-9.]+),"
                                        + " undefended ([0-9.]+)% at ([0-9.]+) .*")
                        .matcher(text);
        assertTrue(l.matches(), text);
        String cw = l.group(3).replace(" at ", " ");
        Map<String, Printed> cells = new LinkedHashMap<>();
        cells.put("RSE abstract | undefended VGG-16 | clean", number(a.group(1)));
        cells.put("RSE abstract | undefended VGG-16 | C&W (below)", number(a.group(2)));
        cells.put("RSE abstract | best earlier defense | C&W", number(a.group(3)));
        cells.put("RSE abstract | RSE | C&W", number(a.group(4)));
        cells.put("RSE logs | RSE | clean", number(l.group(1)));
        cells.put("RSE logs | undefended | clean", number(l.group(2)));
        cells.put("RSE logs | RSE | " + cw, number(l.group(4)));
        cells.put("RSE logs | RSE | " + cw + " mean L2", number(l.group(5)));
        cells.put("RSE logs | undefended | " + cw, number(l.group(6)));
        cells.put("RSE logs | undefended | " + cw + " mean L2", number(l.group(7)));
        return cells;
    }

    /**
     * Table 6, printed as prose: "Table 6 (CIFAR-10, clean / PGD, ...): NAME c / p; NAME c +- s / p
     * +- s; ...", each entry's name its row.
     */
    static Map<String, Printed> tableSix(List<String> lines) {
        String text = String.join(" ", paragraph(lines, "Table 6 "));
        return proseEntries(
                "Table 6",
                text.substring(text.indexOf("): ") + 3),
                Pattern.compile("(.+?) ([0-9][0-9.]*(?: \\+- [0-9.]+)?) / ([0-9].*)"),
                "clean",
                "PGD");
    }

    /**
     * The cells of a table printed as prose entries separated by "; " (a final full stop dropped):
     * each entry matches {@code entry}, its group 1 the row, the next groups its {@code columns}.
     */
    private static Map<String, Printed> proseEntries(
            String table, String entries, Pattern entry, String... columns) {
        Map<String, Printed> cells = new LinkedHashMap<>();
        for (String e : entries.replaceFirst("\\.$", "").split("; ", -1)) {
            Matcher m = entry.matcher(e.strip());
            assertTrue(m.matches(), "a " + table + " entry: " + e);
            for (int c = 0; c < columns.length; c++) {
                cells.put(table + " | " + m.group(1) + " | " + columns[c], number(m.group(c + 2)));
            }
        }
        return cells;
    }

    /** The lines of the paragraph that starts with {@code start}. */
    private static List<String> paragraph(List<String> lines, String start) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(start)) {
                out.add(line);
            } else if (!out.isEmpty()) {
                if (line.isBlank()) {
                    break;
                }
                out.add(line);
            }
        }
        return out;
    }

    /**
     * The cells of the Markdown tables that follow a paragraph starting "Table N" for each N asked:
     * {@code Table N | row | column}, and for a cell printed {@code a / b / c} one cell each, named
     * by the caption's "each A / B / C".
     */
    static Map<String, Printed> tables(List<String> lines, List<Integer> wanted) {
        Map<String, Printed> cells = new LinkedHashMap<>();
        Pattern caption = Pattern.compile("^Table (\\d+) .*");
        Pattern parts = Pattern.compile("each ([^;()]+?) / ([^;()]+?) / ([^;():]+?)\\)");
        String table = null;
        List<String> subColumns = List.of();
        List<String> header = null;
        for (String line : lines) {
            Matcher m = caption.matcher(line);
            if (m.matches()) {
                table =
                        wanted.contains(Integer.parseInt(m.group(1)))
                                ? "Table " + m.group(1)
                                : null;
                header = null;
                subColumns = List.of();
            }
            if (table == null) {
                continue;
            }
            Matcher p = parts.matcher(line);
            if (p.find()) {
                subColumns = List.of(p.group(1).strip(), p.group(2).strip(), p.group(3).strip());
            }
            if (!line.startsWith("|")) {
                continue;
            }
            List<String> row = cells(line);
            if (header == null) {
                header = row;
            } else if (!row.get(0).startsWith("---")) {
                for (int c = 1; c < row.size(); c++) {
                    String at = table + " | " + row.get(0) + " | " + header.get(c);
                    String[] values = row.get(c).split(" / ", -1);
                    for (int v = 0; v < values.length; v++) {
                        Printed n = number(values[v]);
                        if (n != null) {
                            cells.put(values.length == 1 ? at : at + " | " + subColumns.get(v), n);
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        String[] split = line.strip().split("\\|", -1);
        for (int i = 1; i < split.length - 1; i++) {
            out.add(split[i].strip());
        }
        return out;
    }

    /** "45.94 +- 0.11", "269,722", "92.1"; null for "-". */
    private static Printed number(String text) {
        Matcher m =
                Pattern.compile("([0-9][0-9,]*(?:\\.[0-9]+)?)(?: \\+- ([0-9.]+))?")
                        .matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return Printed.of(m.group(1).replace(",", ""), m.group(2));
    }
}
