package io.asyn2f.registry.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * EC P-256 key handling with the JDK alone: PEM (PKCS#8) parsing and deriving the public key from the private one
 * (the JDK has no API for that, so it is one scalar multiplication done here; it runs once at start).
 */
final class EcKeys {

    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

    private EcKeys() {
    }

    static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        }
    }

    /** Reads a PEM PKCS#8 EC P-256 private key and derives its public key. */
    static KeyPair fromPem(String pem) {
        int begin = pem.indexOf(PKCS8_BEGIN);
        int end = pem.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the signing key must be a PEM PKCS#8 private key ('" + PKCS8_BEGIN
                    + "'); convert an 'EC PRIVATE KEY' with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        String base64 = pem.substring(begin + PKCS8_BEGIN.length(), end).replaceAll("\\s", "");
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the signing key is not a readable EC private key", e);
        }
        ECPrivateKey privateKey = (ECPrivateKey) key;
        if (!isP256(privateKey.getParams())) {
            throw new IllegalArgumentException("the signing key must be on curve P-256 (ES256)");
        }
        return new KeyPair(publicKeyOf(privateKey), privateKey);
    }

    static boolean isP256(ECParameterSpec params) {
        ECParameterSpec p256 = p256Params();
        return params.getCurve().equals(p256.getCurve()) && params.getGenerator().equals(p256.getGenerator())
                && params.getOrder().equals(p256.getOrder());
    }

    static ECPublicKey publicKeyOf(ECPrivateKey privateKey) {
        ECParameterSpec params = privateKey.getParams();
        ECPoint point = multiply(params.getGenerator(), privateKey.getS(), params.getCurve());
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the public key", e);
        }
    }

    private static ECParameterSpec p256Params() {
        return ((ECPublicKey) generateP256().getPublic()).getParams();
    }

    /** Double-and-add in affine coordinates over a prime field. */
    static ECPoint multiply(ECPoint point, BigInteger scalar, EllipticCurve curve) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = point;
        for (int i = 0; i < scalar.bitLength(); i++) {
            if (scalar.testBit(i)) {
                result = add(result, addend, curve.getA(), p);
            }
            addend = add(addend, addend, curve.getA(), p);
        }
        return result;
    }

    private static ECPoint add(ECPoint first, ECPoint second, BigInteger a, BigInteger p) {
        if (first.equals(ECPoint.POINT_INFINITY)) {
            return second;
        }
        if (second.equals(ECPoint.POINT_INFINITY)) {
            return first;
        }
        BigInteger x1 = first.getAffineX();
        BigInteger y1 = first.getAffineY();
        BigInteger x2 = second.getAffineX();
        BigInteger y2 = second.getAffineY();
        BigInteger slope;
        if (x1.equals(x2)) {
            if (y1.add(y2).mod(p).signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            slope = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            slope = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = slope.pow(2).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = slope.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }
}
