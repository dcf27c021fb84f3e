// npm run user:reset-password -- --email ops@example.com [--password …]
// Sets a new password (printed, unless --password is given), ends the user's sessions and makes them change it at
// their next sign-in. Recorded as a password_reset auth event.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

if (existsSync(".env")) process.loadEnvFile(".env");
const { values } = parseArgs({ options: { email: { type: "string" }, password: { type: "string" } } });

if (!values.email) {
  console.error("usage: npm run user:reset-password -- --email <email> [--password <password>]");
  process.exit(1);
}
const { newPasswordSchema } = await import("../lib/schemas/users");
if (values.password !== undefined) {
  const parsed = newPasswordSchema.safeParse(values.password);
  if (!parsed.success) {
    console.error(`${parsed.error.issues[0]?.message ?? "That password is not allowed"}: nothing was changed.`);
    process.exit(1);
  }
}
const { NoPasswordError, resetPassword, UserNotFoundError } = await import("../lib/auth/users");
try {
  const { user, password } = await resetPassword({
    email: values.email,
    password: values.password,
    via: "from the command line",
  });
  console.log(
    `Password reset for ${user.email}: their sessions ended and they must change it at their next sign-in.` +
      (values.password ? "" : `\n  password: ${password}`),
  );
} catch (error) {
  if (error instanceof UserNotFoundError || error instanceof NoPasswordError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
