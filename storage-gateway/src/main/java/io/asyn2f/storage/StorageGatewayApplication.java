package io.asyn2f.storage;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class StorageGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(StorageGatewayApplication.class, args);
    }
}
