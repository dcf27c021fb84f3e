// Takes slots of the shared rate budget as fast as it can, as one server process would:
//   tsx --conditions=react-server tests/support/take-slots.ts <endpoint> <limit> <attempts>
// Prints how many it got, as JSON. DATABASE_URL names the database the processes share.
const { takeRateSlot } = await import("../../lib/db/rate-budget");
const [endpoint = "tracking", limit = "10", attempts = "10"] = process.argv.slice(2);
let taken = 0;
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let i = 0; i < Math.ceil(Number(attempts) / 4); i++) {
      const answer = await takeRateSlot(endpoint, { limit: Number(limit) });
      if (answer.ok) taken++;
    }
  }),
);
console.log(JSON.stringify({ taken }));
process.exit(0);
export {};
