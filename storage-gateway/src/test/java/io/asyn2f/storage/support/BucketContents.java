package io.asyn2f.storage.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.asyn2f.testing.TestInfrastructure;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

/** What a bucket holds, read straight from the store (not through the gateway). */
public final class BucketContents {

    private BucketContents() {
    }

    /** Every key with its size. */
    public static Map<String, Long> list(String bucket) {
        try (MinioClient client = TestInfrastructure.s3().minioClient()) {
            Map<String, Long> objects = new TreeMap<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                Item item = result.get();
                objects.put(item.objectName(), item.size());
            }
            return objects;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list bucket " + bucket, e);
        }
    }

    public static List<String> keys(String bucket) {
        return new ArrayList<>(list(bucket).keySet());
    }

    public static byte[] read(String bucket, String key) {
        try (MinioClient client = TestInfrastructure.s3().minioClient();
                var in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + key, e);
        }
    }
}
