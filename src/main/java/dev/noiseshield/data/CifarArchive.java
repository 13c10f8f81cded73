package dev.noiseshield.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The official CIFAR-10 and CIFAR-100 binary archives
 * (https://www.cs.toronto.edu/~kriz/cifar.html): where they are, their published MD5, and the files
 * {@link Datasets} reads from them. {@link #fetch} downloads (resumably), checks the checksum and
 * unpacks the data files, flat, into a folder that {@code --data-dir} then names.
 *
 * @param dataset the data set name
 * @param url where the archive is published
 * @param md5 its published MD5
 * @param files the data files inside it (under one top folder), all of which are unpacked
 */
public record CifarArchive(String dataset, URI url, String md5, List<String> files) {

    public static final CifarArchive CIFAR10 =
            new CifarArchive(
                    "cifar10",
                    URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
                    "c32a1d4ab5d03f1284b67883e8d87530",
                    List.of(
                            "data_batch_1.bin",
                            "data_batch_2.bin",
                            "data_batch_3.bin",
                            "data_batch_4.bin",
                            "data_batch_5.bin",
                            "test_batch.bin",
                            "batches.meta.txt"));

    public static final CifarArchive CIFAR100 =
            new CifarArchive(
                    "cifar100",
                    URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
                    "03b5dce01913d631647c71ecec9e9cb8",
                    List.of(
                            "train.bin",
                            "test.bin",
                            "fine_label_names.txt",
                            "coarse_label_names.txt"));

    /** The archive of a data set name. */
    public static CifarArchive of(String dataset) {
        return switch (dataset) {
            case "cifar10" -> CIFAR10;
            case "cifar100" -> CIFAR100;
            default ->
                    throw new IllegalArgumentException(
                            "no archive for '" + dataset + "'; cifar10 and cifar100 have one");
        };
    }

    /** This archive from another address, with that copy's checksum (a mirror, or a test). */
    public CifarArchive from(URI otherUrl, String otherMd5) {
        return new CifarArchive(dataset, otherUrl, otherMd5.toLowerCase(Locale.ROOT), files);
    }

    /** The archive's file name. */
    public String fileName() {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Downloads the archive into {@code out} (kept there, so that a second call does not download
     * it again), checks it and unpacks its data files into {@code out}.
     */
    public void fetch(Path out, Consumer<String> log) throws IOException {
        Files.createDirectories(out);
        Path archive = out.resolve(fileName());
        Download.fetch(url, archive, md5, log); // checks the MD5: no second reading here
        extract(archive, out, log);
    }

    /**
     * Unpacks the data files of an archive already on disk into {@code out}, after checking its
     * MD5. Only the expected regular files are written, each under its own name; nothing else in
     * the archive (other paths, links) is.
     */
    public void unpack(Path archive, Path out, Consumer<String> log) throws IOException {
        String actual = Download.md5Of(archive);
        if (!actual.equals(md5)) {
            throw new DataFormatException(
                    archive.toString(),
                    "MD5 " + actual + " is not the published " + md5 + " of " + fileName());
        }
        extract(archive, out, log);
    }

    /** Unpacks the data files of an archive whose checksum was checked, and loads them. */
    private void extract(Path archive, Path out, Consumer<String> log) throws IOException {
        Files.createDirectories(out);
        Set<String> missing = new TreeSet<>(files);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar =
                        new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (entry.isFile() && missing.remove(name)) {
                    // the tar stream reads only this entry's bytes
                    dev.noiseshield.run.AtomicFiles.write(out.resolve(name), tar::transferTo);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new DataFormatException(
                    archive.toString(), "has no " + String.join(", ", missing));
        }
        Datasets.Split split = Datasets.load(dataset, out); // the readers take what was unpacked
        log.accept(
                out
                        + ": "
                        + dataset
                        + ", "
                        + split.train().size()
                        + " training and "
                        + split.test().size()
                        + " test images; use --dataset "
                        + dataset
                        + " --data-dir "
                        + out);
    }
}
