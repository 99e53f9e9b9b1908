import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import { hello } from '@ficus/common';

@Module({})
class M {}
const app = await NestFactory.create<NestFastifyApplication>(M, new FastifyAdapter());
console.log(hello());
await app.close();
