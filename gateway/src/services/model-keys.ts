/** S3 keys of one model: weights first, the card last (it is the commit marker). */
export function modelKeys(id: string) {
  const prefix = `models/${id}/`;
  return {
    prefix,
    best: `${prefix}best.safetensors`,
    last: `${prefix}last.safetensors`,
    card: `${prefix}model.json`,
  };
}
