package io.tessera.ingest;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Reads {@code .zst} files written with long windows ({@code zstd --long=31}, as Arctic Shift's Reddit dumps are),
 * which Hadoop's and Spark's built-in zstd readers refuse. Decoding-only, through zstd-jni (which Spark ships).
 * A window of up to 2 GiB is native memory: size executor memory overhead for it. Registered for {@code .zst} by
 * {@link io.tessera.pipeline.SparkSessions}.
 */
public final class ZstdLongCodec implements CompressionCodec {
  /** log2 of the largest window accepted: 2 GiB, the most zstd writes. */
  private static final int MAX_WINDOW_LOG = 31;

  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return createInputStream(in, null);
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
    ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(in);
    zstd.setLongMax(MAX_WINDOW_LOG);
    return new CompressionInputStream(in) {
      @Override
      public int read() throws IOException {
        return zstd.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return zstd.read(b, off, len);
      }

      @Override
      public void resetState() {
        throw new UnsupportedOperationException("zstd streams are read from the start");
      }

      @Override
      public void close() throws IOException {
        zstd.close();
      }
    };
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) {
    throw new UnsupportedOperationException("Tessera only reads .zst");
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) {
    throw new UnsupportedOperationException("Tessera only reads .zst");
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return null;
  }

  @Override
  public Compressor createCompressor() {
    return null;
  }

  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return null;
  }

  @Override
  public Decompressor createDecompressor() {
    return null;
  }

  @Override
  public String getDefaultExtension() {
    return ".zst";
  }
}
