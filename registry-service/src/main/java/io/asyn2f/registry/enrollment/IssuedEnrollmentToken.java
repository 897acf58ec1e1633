package io.asyn2f.registry.enrollment;

/**
 * A newly issued enrollment token: the only time its secret is shown.
 *
 * @param token what workers present as {@code Authorization: Bearer <token>} to register
 */
public record IssuedEnrollmentToken(String token, EnrollmentTokenView enrollmentToken) {

    @Override
    public String toString() {
        return "IssuedEnrollmentToken[token=****, enrollmentToken=" + enrollmentToken + "]";
    }
}
