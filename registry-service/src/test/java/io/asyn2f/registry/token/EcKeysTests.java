package io.asyn2f.registry.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class EcKeysTests {

    @RepeatedTest(5)
    void shouldDeriveThePublicKeyOfAPemPrivateKey() {
        KeyPair original = EcKeys.generateP256();
        String pem = pem(original);

        KeyPair parsed = EcKeys.fromPem(pem);

        ECPublicKey expected = (ECPublicKey) original.getPublic();
        ECPublicKey derived = (ECPublicKey) parsed.getPublic();
        assertThat(derived.getW()).isEqualTo(expected.getW());
        assertThat(((ECPrivateKey) parsed.getPrivate()).getS()).isEqualTo(((ECPrivateKey) original.getPrivate()).getS());
    }

    @Test
    void shouldRefuseAKeyOnAnotherCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));

        assertThatThrownBy(() -> EcKeys.fromPem(pem(generator.generateKeyPair())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
    }

    @Test
    void shouldRefuseSomethingThatIsNotAPkcs8Pem() {
        assertThatThrownBy(() -> EcKeys.fromPem("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#8");
    }

    private static String pem(KeyPair keyPair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keyPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
