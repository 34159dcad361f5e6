export default async function () {
  await globalThis.sandbox?.stop();
}
