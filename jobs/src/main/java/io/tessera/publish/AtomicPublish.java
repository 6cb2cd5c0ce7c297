package io.tessera.publish;

import io.tessera.pipeline.HadoopFiles;
import io.tessera.pipeline.RunPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Publishes the output folder's entries (data/, rejects/, benchmark/, the card files) all at once, so readers see
 * the previous complete dataset or the new one, never a part of either.
 *
 * <p>Publish writes the new entries under {@code OUTPUT/_tessera/next/} ({@link #path}); {@link #commit} then
 * switches them in:
 *
 * <ul>
 *   <li>On a file system (local, HDFS), where renaming a folder is one metadata step: each current entry is renamed
 *       into {@code _tessera/previous/} and the new one renamed into place, then {@code previous/} is renamed away
 *       (the commit point) and deleted. A run killed before the commit point is rolled back by the next start
 *       ({@link #recover}): the previous entries are renamed back.
 *   <li>On an object store (s3a, gs, abfs), where a rename is a copy of every object: the new files are copied next
 *       to the old ones (Spark's file names are unique per write), then {@code _tessera/manifest.txt} (the release's id and
 *       files) is written in one PUT (the commit point), then the card files are put in place and the old files
 *       deleted. Readers that list files go through the manifest. The next start cleans up after a killed run:
 *       before the commit point it deletes the files the manifest does not list, after it finishes the commit.
 * </ul>
 */
public final class AtomicPublish {
  private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb",
      "wasbs", "oss", "cos");
  private static final String ABSENT = ".absent";
  /** Named points of a commit, for the tests that kill publish there; does nothing in a run. */
  static volatile Consumer<String> faultPoint = point -> {};

  private final FileSystem fs;
  private final Path output;
  private final Path next;
  private final Path previous;
  private final Path manifest;
  /** The id of the release an object-store commit is switching in, kept until the commit is complete. */
  private final Path releaseId;
  private final boolean objectStore;

  AtomicPublish(Configuration conf, String output, boolean objectStore) {
    try {
      this.output = new Path(output);
      this.fs = HadoopFiles.withoutChecksums(this.output.getFileSystem(conf));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.next = new Path(this.output, "_tessera/next");
    this.previous = new Path(this.output, "_tessera/previous");
    this.manifest = new Path(this.output, "_tessera/manifest.txt");
    this.releaseId = new Path(this.output, "_tessera/release-in-progress");
    this.objectStore = objectStore;
  }

  private static AtomicPublish of(Configuration conf, RunPaths paths) {
    String scheme = new Path(paths.output()).toUri().getScheme();
    return new AtomicPublish(conf, paths.output(), scheme != null && OBJECT_STORES.contains(scheme));
  }

  /** Undoes a commit a killed run left half done, then clears {@code _tessera/next/} for a new release. */
  public static AtomicPublish begin(Configuration conf, RunPaths paths) {
    AtomicPublish publish = of(conf, paths);
    publish.recover();
    return publish;
  }

  /** Undoes a commit a killed run left half done; the pipeline calls it before any stage runs. */
  public static void recover(Configuration conf, RunPaths paths) {
    of(conf, paths).recover();
  }

  /** Where publish writes an entry of the new release (a path relative to the output folder). */
  public String path(String relative) {
    return new Path(next, relative).toString();
  }

  /** Switches every entry written under {@link #path} in at once. */
  public void commit() {
    try {
      faultPoint.accept("staged");
      if (objectStore) {
        commitByManifest();
      } else {
        commitByRename();
      }
      fs.delete(next, true);
      faultPoint.accept("committed");
    } catch (IOException e) {
      recover();
      throw new UncheckedIOException("publishing failed; the previous dataset is in place", e);
    }
  }

  void recover() {
    try {
      if (objectStore) {
        List<String> inProgress = fs.exists(releaseId)
            ? new HadoopFiles(fs.getConf()).read(releaseId.toString()).lines().toList() : List.of();
        // Before the first release's commit there is no manifest: nothing is published yet.
        Manifest current = fs.exists(manifest) ? readManifest() : new Manifest("", Set.of());
        if (!inProgress.isEmpty() && current.release.equals(inProgress.get(0))) {
          moveListed(current.files); // killed after the commit point: finish the commit
        }
        Set<String> folders = folders(current.files);
        folders.addAll(inProgress.subList(Math.min(1, inProgress.size()), inProgress.size()));
        deleteUnlisted(current.files, folders);
        fs.delete(releaseId, false);
      } else {
        if (fs.exists(previous)) {
          for (FileStatus saved : fs.listStatus(previous)) {
            String name = saved.getPath().getName();
            Path current = new Path(output, name.endsWith(ABSENT) ? name.substring(0, name.length() - ABSENT.length())
                : name);
            fs.delete(current, true);
            if (!name.endsWith(ABSENT)) {
              rename(saved.getPath(), current);
            }
          }
        }
        fs.delete(previous, true);
        for (FileStatus status : listOrEmpty(new Path(output, "_tessera"))) {
          if (status.getPath().getName().startsWith("discard-")) {
            fs.delete(status.getPath(), true);
          }
        }
      }
      fs.delete(next, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot undo the interrupted publish in " + output, e);
    }
  }

  private void commitByRename() throws IOException {
    fs.mkdirs(previous);
    for (String name : entries()) {
      Path current = new Path(output, name);
      if (fs.exists(current)) {
        rename(current, new Path(previous, name));
      } else {
        fs.create(new Path(previous, name + ABSENT), true).close();
      }
      faultPoint.accept("aside:" + name);
      rename(new Path(next, name), current);
      faultPoint.accept("switched:" + name);
    }
    // The commit point: once previous/ is gone, there is nothing to roll back to.
    Path discard = new Path(output, "_tessera/discard-" + UUID.randomUUID());
    rename(previous, discard);
    faultPoint.accept("discarding");
    fs.delete(discard, true);
  }

  private void commitByManifest() throws IOException {
    List<String> files = new ArrayList<>();
    String root = fs.makeQualified(next).toString();
    RemoteIterator<LocatedFileStatus> staged = fs.listFiles(next, true);
    while (staged.hasNext()) {
      files.add(staged.next().getPath().toString().substring(root.length() + 1));
    }
    files.sort(Comparator.naturalOrder());
    String release = UUID.randomUUID().toString();
    HadoopFiles small = new HadoopFiles(fs.getConf());
    // The release's id and folders: what the next start needs to finish or undo this commit.
    small.writeAtomically(releaseId.toString(), release + "\n" + String.join("\n", folders(files)) + "\n");
    for (String file : files) {
      if (file.contains("/")) {
        Path target = new Path(output, file);
        fs.mkdirs(target.getParent());
        rename(new Path(next, file), target);
        faultPoint.accept("copied:" + file);
      }
    }
    faultPoint.accept("copied");
    // The commit point: one PUT naming the release and its files.
    small.writeAtomically(manifest.toString(), "release=" + release + "\n" + String.join("\n", files) + "\n");
    faultPoint.accept("manifest");
    moveListed(new TreeSet<>(files));
    deleteUnlisted(new TreeSet<>(files), folders(files));
    fs.delete(releaseId, false);
  }

  /** Moves the listed files still under next/ into place (the card files, single objects each). */
  private void moveListed(Set<String> listed) throws IOException {
    for (String file : listed) {
      Path staged = new Path(next, file);
      if (fs.exists(staged)) {
        Path target = new Path(output, file);
        fs.delete(target, false);
        fs.mkdirs(target.getParent());
        rename(staged, target);
      }
    }
  }

  /** The entries of the new release, data/ first: it is what readers read. */
  private List<String> entries() throws IOException {
    List<String> names = new ArrayList<>(Arrays.stream(fs.listStatus(next)).map(s -> s.getPath().getName())
        .sorted().toList());
    if (names.remove("data")) {
      names.add(0, "data");
    }
    return names;
  }

  private record Manifest(String release, Set<String> files) {}

  private Manifest readManifest() throws IOException {
    List<String> lines = new HadoopFiles(fs.getConf()).read(manifest.toString()).lines()
        .filter(l -> !l.isBlank()).toList();
    return new Manifest(lines.get(0).substring("release=".length()), new TreeSet<>(lines.subList(1, lines.size())));
  }

  /** The top-level folders of a release's files (data, rejects, benchmark). */
  private static Set<String> folders(Collection<String> files) {
    Set<String> folders = new TreeSet<>();
    files.stream().filter(f -> f.contains("/")).forEach(f -> folders.add(f.substring(0, f.indexOf('/'))));
    return folders;
  }

  /** Deletes the files of the given folders that the manifest does not list. */
  private void deleteUnlisted(Set<String> listed, Set<String> folders) throws IOException {
    String root = fs.makeQualified(output).toString();
    for (String folder : folders) {
      Path dir = new Path(output, folder);
      if (!fs.exists(dir)) {
        continue;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      List<Path> stale = new ArrayList<>();
      while (it.hasNext()) {
        Path file = it.next().getPath();
        if (!listed.contains(file.toString().substring(root.length() + 1))) {
          stale.add(file);
        }
      }
      for (Path file : stale) {
        fs.delete(file, false);
      }
    }
  }

  private FileStatus[] listOrEmpty(Path dir) throws IOException {
    return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " to " + to);
    }
  }
}
