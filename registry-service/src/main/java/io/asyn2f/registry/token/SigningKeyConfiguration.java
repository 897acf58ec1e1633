package io.asyn2f.registry.token;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;

import io.asyn2f.registry.config.RegistryProperties;

/**
 * The signing key: from {@code asyn2f.registry.tokens.signing-key} (PEM), else from
 * {@code signing-key-location}, else generated at start for development (tokens then die with the process).
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyConfiguration.class);

    @Bean
    SigningKey signingKey(RegistryProperties properties, ResourceLoader resourceLoader) {
        RegistryProperties.Tokens tokens = properties.tokens();
        KeyPair keyPair;
        if (StringUtils.hasText(tokens.signingKey())) {
            keyPair = EcKeys.fromPem(tokens.signingKey());
        } else if (StringUtils.hasText(tokens.signingKeyLocation())) {
            try (InputStream in = resourceLoader.getResource(tokens.signingKeyLocation()).getInputStream()) {
                keyPair = EcKeys.fromPem(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the signing key at " + tokens.signingKeyLocation(), e);
            }
        } else {
            log.warn("No signing key configured (asyn2f.registry.tokens.signing-key or signing-key-location): "
                    + "generated an ephemeral EC P-256 key. Fine for development; tokens become invalid on restart.");
            keyPair = EcKeys.generateP256();
        }
        ECPublicKey publicKey = (ECPublicKey) keyPair.getPublic();
        String keyId = StringUtils.hasText(tokens.keyId()) ? tokens.keyId() : thumbprint(publicKey);
        return new SigningKey((ECPrivateKey) keyPair.getPrivate(), publicKey, keyId);
    }

    private static String thumbprint(ECPublicKey publicKey) {
        try {
            return new ECKey.Builder(Curve.P_256, publicKey).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the key thumbprint", e);
        }
    }
}
