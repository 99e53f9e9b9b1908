import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { normalizedEmail, trimmed } from '../../../../libs/common/src/contracts/normalize.js';
import { CursorPageRequest } from '../../../../libs/common/src/contracts/page-request.js';
import { EMAIL_EXAMPLE, NEW_PASSWORD_EXAMPLE, PASSWORD_EXAMPLE, REFRESH_TOKEN_EXAMPLE, RESET_TOKEN_EXAMPLE } from './auth.examples.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PasswordLength } from './password-length.js';

export class RegisterRequest {
  @ApiProperty({ example: EMAIL_EXAMPLE, maxLength: 254, description: 'Trimmed and lower-cased; unique.' })
  @Transform(normalizedEmail)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: PASSWORD_EXAMPLE, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @PasswordLength(PASSWORD_MIN_LENGTH)
  password!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 100 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 100)
  displayName?: string;
}

export class LoginRequest {
  @ApiProperty({ example: EMAIL_EXAMPLE })
  @Transform(normalizedEmail)
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: PASSWORD_EXAMPLE })
  @IsString()
  @PasswordLength(1)
  password!: string;
}

export class RefreshRequest {
  /**
   * No upper length: any string that is not a live refresh token — an access token sent by
   * mistake included — is 401 `auth.invalid_refresh_token`, not a validation error.
   */
  @ApiProperty({ example: REFRESH_TOKEN_EXAMPLE, description: 'The refresh token from login or the previous refresh.' })
  @IsString()
  @MinLength(1)
  refreshToken!: string;
}

export class ForgotPasswordRequest {
  @ApiProperty({ example: EMAIL_EXAMPLE })
  @Transform(normalizedEmail)
  @IsString()
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordRequest {
  @ApiProperty({ example: RESET_TOKEN_EXAMPLE, description: 'The `token` query parameter of the reset link.' })
  @IsString()
  @Length(1, 512)
  token!: string;

  @ApiProperty({ example: NEW_PASSWORD_EXAMPLE, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @PasswordLength(PASSWORD_MIN_LENGTH)
  newPassword!: string;
}

export class ChangePasswordRequest {
  @ApiProperty({ example: PASSWORD_EXAMPLE })
  @IsString()
  @PasswordLength(1)
  currentPassword!: string;

  @ApiProperty({ example: NEW_PASSWORD_EXAMPLE, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @PasswordLength(PASSWORD_MIN_LENGTH)
  newPassword!: string;
}

/** DELETE /auth/me: the current password again, so a stolen access token alone cannot delete the account. */
export class DeleteAccountRequest {
  @ApiProperty({ example: PASSWORD_EXAMPLE })
  @IsString()
  @PasswordLength(1)
  currentPassword!: string;
}

/** GET /admin/users: newest first, cursor pagination. */
export class ListUsersRequest extends CursorPageRequest {}
