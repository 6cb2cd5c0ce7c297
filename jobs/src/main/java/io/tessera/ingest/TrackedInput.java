package io.tessera.ingest;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * A file opened whole through its codec (for the readers that read a file in one task): counts the decompressed
 * bytes and keeps the failure that stopped reading, so that a damaged file ends in a reject at a byte offset, not in
 * a failed task. After a failure it reads as ended.
 */
final class TrackedInput extends InputStream {
  private final InputStream in;
  private long offset;
  private Exception failure;

  private TrackedInput(InputStream in, Exception failure) {
    this.in = in;
    this.failure = failure;
  }

  /** Opens the file; a file that cannot even be opened (a bad compression header) is already failed. */
  static TrackedInput open(String file, Configuration conf) throws IOException {
    Path path = new Path(file);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    InputStream raw = path.getFileSystem(conf).open(path);
    try {
      return new TrackedInput(codec == null ? raw : codec.createInputStream(raw), null);
    } catch (IOException | RuntimeException e) {
      return new TrackedInput(raw, e);
    }
  }

  /** The decompressed bytes read so far. */
  long offset() {
    return offset;
  }

  /** What stopped reading, or null. */
  Exception failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      return -1;
    }
    try {
      int n = in.read(b, off, len);
      if (n > 0) {
        offset += n;
      }
      return n;
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      if (failure == null) {
        throw e;
      }
    }
  }
}
