package io.tessera.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Small files (markers, run.json, configs) on any Hadoop file system, local or s3a. */
public final class HadoopFiles {
  private final Configuration conf;

  public HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  private FileSystem fs(Path path) throws IOException {
    return withoutChecksums(path.getFileSystem(conf));
  }

  /**
   * The file system itself, without the .crc side files Hadoop's local file system writes and moves along:
   * published folders hold only what readers want.
   */
  public static FileSystem withoutChecksums(FileSystem fs) {
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  public boolean exists(String path) {
    try {
      Path p = new Path(path);
      return fs(p).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String read(String path) {
    try {
      Path p = new Path(path);
      try (FSDataInputStream in = fs(p).open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes to a temporary sibling, then renames over the target, so readers see the old or the new file whole. */
  public void writeAtomically(String path, String content) {
    try {
      Path target = new Path(path);
      Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
      FileSystem fs = fs(target);
      fs.mkdirs(target.getParent());
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void delete(String path) {
    try {
      Path p = new Path(path);
      fs(p).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
