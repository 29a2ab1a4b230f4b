from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from models.user import Role


class Register(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=200)
    name: str = Field(default="", max_length=200)


class Login(BaseModel):
    email: EmailStr
    password: str = Field(max_length=200)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(max_length=200)


class Tokens(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    created_at: datetime
    email_verified_at: datetime | None = None


class TokenIn(BaseModel):
    token: str = Field(min_length=8, max_length=200, description="from the link in the mail")


class ResetRequest(BaseModel):
    email: EmailStr


class PasswordReset(TokenIn):
    password: str = Field(min_length=8, max_length=200)


class EmailChange(BaseModel):
    email: EmailStr = Field(description="the new address (a confirmation goes there)")
    password: str = Field(max_length=200, description="your current password")


class MailPreferences(BaseModel):
    categories: dict[str, bool] = Field(description="category -> whether you get its mail")
    labels: dict[str, str] = Field(default_factory=dict, description="what each category is")


class RoleUpdate(BaseModel):
    role: Role


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str  # shown once
