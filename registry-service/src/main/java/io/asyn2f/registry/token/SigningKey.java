package io.asyn2f.registry.token;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;

/** The registry's ES256 signing key and its identifier. {@link #toString()} never shows key material. */
public final class SigningKey {

    private final ECPrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final String keyId;

    SigningKey(ECPrivateKey privateKey, ECPublicKey publicKey, String keyId) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId;
    }

    ECPrivateKey privateKey() {
        return privateKey;
    }

    public ECPublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public key as a JWK set, as served at {@code /.well-known/jwks.json}. */
    public JWKSet publicJwkSet() {
        return new JWKSet(new ECKey.Builder(Curve.P_256, publicKey)
                .keyID(keyId)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .build());
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + keyId + "]";
    }
}
