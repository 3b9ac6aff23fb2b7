/** The gateway's resource roots that more than one feature calls. */
export const MODELS_URL = '/api/models';
