package dev.peapod.core.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for bulk content (image layers, blobs). The JDK's SHA-256 only reaches the CPU's SHA instructions once C2
 * has compiled it, and the CLI runs on C1 for start-up's sake, where it hashes at about a tenth of the speed; so when
 * OpenSSL's libcrypto (libssl3) is present its EVP SHA-256 is used through FFM, hashing heap arrays in place.
 * Otherwise, or if linking fails, the JDK's. Both give the same digests; instances are not thread-safe, as any
 * {@link MessageDigest}.
 */
public final class Sha256 {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Native NATIVE = Native.load();

    private Sha256() {
    }

    /** A new SHA-256 digest, native when libcrypto is available. */
    public static MessageDigest newDigest() {
        if (NATIVE != null) {
            return new NativeDigest();
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether digests come from libcrypto. */
    public static boolean isNative() {
        return NATIVE != null;
    }

    private record Native(MethodHandle ctxNew, MethodHandle ctxFree, MethodHandle sha256, MethodHandle init,
            MethodHandle update, MethodHandle fin) {
        static Native load() {
            try {
                SymbolLookup lib = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
                Linker l = Linker.nativeLinker();
                var addr = ValueLayout.ADDRESS;
                var i = ValueLayout.JAVA_INT;
                Native n = new Native(
                        l.downcallHandle(lib.find("EVP_MD_CTX_new").orElseThrow(), FunctionDescriptor.of(addr)),
                        l.downcallHandle(lib.find("EVP_MD_CTX_free").orElseThrow(), FunctionDescriptor.ofVoid(addr)),
                        l.downcallHandle(lib.find("EVP_sha256").orElseThrow(), FunctionDescriptor.of(addr)),
                        l.downcallHandle(lib.find("EVP_DigestInit_ex").orElseThrow(),
                                FunctionDescriptor.of(i, addr, addr, addr)),
                        l.downcallHandle(lib.find("EVP_DigestUpdate").orElseThrow(),
                                FunctionDescriptor.of(i, addr, addr, ValueLayout.JAVA_LONG),
                                Linker.Option.critical(true)),
                        l.downcallHandle(lib.find("EVP_DigestFinal_ex").orElseThrow(),
                                FunctionDescriptor.of(i, addr, addr, addr), Linker.Option.critical(true)));
                MessageDigest probe = new NativeDigest(n);
                probe.update("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String hex = java.util.HexFormat.of().formatHex(probe.digest());
                return hex.equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") ? n : null;
            } catch (Throwable t) {
                return null;
            }
        }
    }

    private static final class NativeDigest extends MessageDigest {
        private final Native n;
        private final MemorySegment ctx;
        private final MemorySegment md;

        NativeDigest() {
            this(NATIVE);
        }

        NativeDigest(Native n) {
            super("SHA-256");
            this.n = n;
            try {
                ctx = (MemorySegment) n.ctxNew().invokeExact();
                md = (MemorySegment) n.sha256().invokeExact();
            } catch (Throwable t) {
                throw new IllegalStateException("EVP_MD_CTX_new failed", t);
            }
            if (ctx.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("EVP_MD_CTX_new returned NULL");
            }
            MemorySegment c = ctx;
            MethodHandle free = n.ctxFree();
            CLEANER.register(this, () -> {
                try {
                    free.invokeExact(c);
                } catch (Throwable ignored) {
                    // nothing more to release
                }
            });
            engineReset();
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            if (len == 0) {
                return;
            }
            java.util.Objects.checkFromIndexSize(offset, len, input.length);
            try {
                int ok = (int) n.update().invokeExact(ctx, MemorySegment.ofArray(input).asSlice(offset, len),
                        (long) len);
                if (ok != 1) {
                    throw new IllegalStateException("EVP_DigestUpdate failed");
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        protected byte[] engineDigest() {
            byte[] out = new byte[32];
            try {
                int ok = (int) n.fin().invokeExact(ctx, MemorySegment.ofArray(out), MemorySegment.NULL);
                if (ok != 1) {
                    throw new IllegalStateException("EVP_DigestFinal_ex failed");
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            engineReset();
            return out;
        }

        @Override
        protected void engineReset() {
            try {
                int ok = (int) n.init().invokeExact(ctx, md, MemorySegment.NULL);
                if (ok != 1) {
                    throw new IllegalStateException("EVP_DigestInit_ex failed");
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        protected int engineGetDigestLength() {
            return 32;
        }
    }
}
