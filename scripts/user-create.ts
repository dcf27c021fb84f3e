// npm run user:create -- --email ops@example.com --role operator [--name "Olive Ops"] [--password …]
// npm run user:create -- --bootstrap     (used by npm start: creates the first admin when there are no users)
// Prints the password to hand over (a generated one unless --password is given).
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

if (existsSync(".env")) process.loadEnvFile(".env");
const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "operator" },
    password: { type: "string" },
    bootstrap: { type: "boolean", default: false },
  },
});

const { createUser, countUsers, UserExistsError } = await import("../lib/auth/users");
const { isRole } = await import("../lib/auth/permissions");

if (values.bootstrap) {
  if ((await countUsers()) > 0) process.exit(0);
  const email = process.env.ADMIN_EMAIL ?? "admin@spectrum-ops.local";
  const { password } = await createUser({
    email,
    name: "Administrator",
    role: "admin",
    password: process.env.ADMIN_PASSWORD,
  });
  console.log(
    [
      "",
      "  First start: an admin account was created.",
      `    email:    ${email}`,
      `    password: ${process.env.ADMIN_PASSWORD ? "(from ADMIN_PASSWORD)" : password}`,
      "  Sign in, create named accounts for your team under Users, and keep this password safe.",
      "",
    ].join("\n"),
  );
  process.exit(0);
}

if (!values.email || !isRole(values.role)) {
  console.error(
    'usage: npm run user:create -- --email <email> --role viewer|operator|admin [--name "Full Name"] [--password <password>]',
  );
  process.exit(1);
}
try {
  const { user, password } = await createUser({
    email: values.email,
    name: values.name ?? values.email.split("@")[0]!,
    role: values.role,
    password: values.password,
  });
  console.log(`Created ${user.role} ${user.email}${values.password ? "" : `\n  password: ${password}`}`);
} catch (error) {
  if (error instanceof UserExistsError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
