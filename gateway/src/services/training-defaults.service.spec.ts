import { describe, expect, it } from 'vitest';
import type { HyperparametersDto } from '../dtos/model.dto';
import { toPb } from './training-defaults.service';

const hp: HyperparametersDto = {
  epochs: 30, learningRate: 0.001, batchSize: 8, architecture: 'unet', inputSize: 256,
  validationFraction: 0.2, augmentation: true, optimizer: 'adam', loss: 'dice_ce', seed: 42,
  depth: 4, baseChannels: 16, encoderDepth: 18, patchSize: [], targetSpacing: [],
  foregroundOversampling: 0.5, dropout: 0, guided: false, augmentationPreset: 'nnunet',
  lrSchedule: 'poly', earlyStoppingPatience: 0,
};

describe('toPb', () => {
  it("sends a 2D network's foreground oversampling as it sends unet_3d's", () => {
    expect(toPb(hp).foregroundOversampling).toBe(0.5);
    expect(toPb({ ...hp, architecture: 'unet_3d', patchSize: [16, 16, 16] }).foregroundOversampling).toBe(0.5);
  });

  it('sends 0 (the ml-service default) for a row stored without one, and no patch for 2D', () => {
    const { foregroundOversampling: _, ...stored } = hp;
    const message = toPb({ ...stored, patchSize: [16, 16, 16] } as HyperparametersDto);
    expect(message).toMatchObject({ foregroundOversampling: 0, patchSize: [] });
  });
});
