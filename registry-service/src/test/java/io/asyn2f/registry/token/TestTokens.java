package io.asyn2f.registry.token;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Hand-made tokens for tests: with the registry's own key (e.g. expired), with a stranger's key, unsigned. */
public final class TestTokens {

    private TestTokens() {
    }

    public static String signWith(SigningKey key, JWTClaimsSet claims) {
        return sign(key.privateKey(), key.keyId(), claims);
    }

    public static String signWithStrangerKey(String keyId, JWTClaimsSet claims) {
        KeyPair stranger = EcKeys.generateP256();
        return sign((ECPrivateKey) stranger.getPrivate(), keyId, claims);
    }

    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** A PEM PKCS#8 P-256 private key, as operators configure it. */
    public static String newPemPrivateKey() {
        KeyPair keyPair = EcKeys.generateP256();
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keyPair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    private static String sign(ECPrivateKey key, String keyId, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
